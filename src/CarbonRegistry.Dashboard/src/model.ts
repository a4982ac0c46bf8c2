// The shapes the dashboard reads from the GraphQL API, and the fragments that ask for them.

export type Decimal = number | string;
export type Rating = 'GREEN' | 'YELLOW' | 'RED';

export interface CapProgress {
  cap: Decimal;
  actual: Decimal;
  expected: Decimal;
  shareOfCap: Decimal;
  rating: Rating;
}

export interface IntensityProgress {
  targetIntensity: Decimal;
  actual: Decimal | null;
  rating: Rating | null;
}

export interface DualControl {
  monthsReported: number;
  energyRating: Rating | null;
  carbonRating: Rating | null;
  energyTotal: CapProgress | null;
  carbonTotal: CapProgress | null;
  energyIntensity: IntensityProgress | null;
  carbonIntensity: IntensityProgress | null;
}

export interface EnergyByCarrier {
  fuelCombustionTce: Decimal;
  cleanFuelTce: Decimal;
  feedstockTce: Decimal;
  biomassTce: Decimal;
  gridElectricityTce: Decimal;
  greenCertifiedElectricityTce: Decimal;
  onSiteRenewableTce: Decimal;
  heatTce: Decimal;
}

export interface Balance {
  period: string;
  energyTce: Decimal;
  controlledEnergyTce: Decimal;
  renewableDeductionTce: Decimal;
  feedstockDeductionTce: Decimal;
  scope1Tco2e: Decimal;
  combustionCo2Tco2: Decimal;
  processCo2Tco2: Decimal;
  methaneTco2e: Decimal;
  scope2LocationTco2: Decimal;
  scope2MarketTco2: Decimal;
  grossTco2e: Decimal;
  removalsTco2: Decimal;
  netTco2e: Decimal;
  energyIntensity: Decimal | null;
  carbonIntensity: Decimal | null;
  co2OnlyPerEnergy: Decimal | null;
  cleanEnergyShare: Decimal | null;
  rawCoalOutputT?: Decimal;
  co2PerTonneRawCoal?: Decimal | null;
  energyPerTonneRawCoalKgce?: Decimal | null;
  gasUseRate?: Decimal | null;
  reportCount: number;
  factorSetId: string;
  energyByCarrier: EnergyByCarrier;
}

export interface EntitySummary {
  id: string;
  kind: string;
  name: string;
  nameZh: string;
  pilotPrograms: string[];
  balance: Balance;
  dualControl: DualControl;
}

export const balanceFields = `
  period energyTce controlledEnergyTce renewableDeductionTce feedstockDeductionTce scope1Tco2e combustionCo2Tco2
  processCo2Tco2 methaneTco2e scope2LocationTco2 scope2MarketTco2 grossTco2e removalsTco2 netTco2e energyIntensity
  carbonIntensity co2OnlyPerEnergy cleanEnergyShare reportCount factorSetId
  energyByCarrier { fuelCombustionTce cleanFuelTce feedstockTce biomassTce gridElectricityTce greenCertifiedElectricityTce onSiteRenewableTce heatTce }`;

/** The per-tonne figures of mines, read where a page shows them (the overview would exceed the complexity limit). */
export const productionFields = `rawCoalOutputT co2PerTonneRawCoal energyPerTonneRawCoalKgce gasUseRate`;

export const summaryFragment = `
fragment Summary on Entity {
  id kind name nameZh pilotPrograms
  balance(year: $year) { ${balanceFields} }
  dualControl(year: $year) {
    monthsReported energyRating carbonRating
    energyTotal { cap actual expected shareOfCap rating }
    carbonTotal { cap actual expected shareOfCap rating }
    energyIntensity { targetIntensity actual rating }
    carbonIntensity { targetIntensity actual rating }
  }
}`;

export interface BalanceChange {
  balanceChanged: { sequence: number; entityId: string; sourceEntityId: string; type: string; period: string };
}

export interface AlertRaised {
  alertRaised: { sequence: number; entityId: string; sourceEntityId: string; kind: string; period: string; message: string };
}
