import { draw, type ChartOption } from '../charts';

/**
 * A page of the dashboard. load() fetches and fills in the figures and tables; charts are queued
 * and drawn by drawCharts() once the browser has painted them, so the page is readable and
 * usable before ECharts has done its (slower) work.
 */
export abstract class View {
  abstract readonly element: HTMLElement;
  private pending: (() => void)[] = [];

  abstract load(): Promise<void>;

  /** The name of the page, for User Timing marks and the body's data-ready attribute. */
  abstract readonly name: string;

  drawCharts(): void {
    const pending = this.pending;
    this.pending = [];
    for (const drawOne of pending) drawOne();
  }

  protected chart(element: HTMLElement, option: ChartOption, plotted: unknown): void {
    this.pending.push(() => draw(element, option, plotted));
  }
}
