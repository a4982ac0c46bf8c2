// Example operations, one tab each, for the roles that use the API.

export const examples = [
  {
    query: `# Discovery (every role): the units and carriers a report may use.
query Discovery {
  units { symbol measure baseSymbol }
  carriers { code nameZh measure units }
}`,
  },
  {
    query: `# Dashboards and provincial staff: the province's balance and its cities.
query Province($year: Int = 2026) {
  entity(id: "shanxi") {
    name nameZh
    balance(year: $year) { energyTce controlledEnergyTce grossTco2e carbonIntensity deductionRuleSet }
    dualControl(year: $year) { energyRating carbonRating warningLevel }
    children { id nameZh kind }
  }
}`,
  },
  {
    query: `# Reporters: file a month for an entity in the token's scope (idempotent by key).
mutation Report {
  submitReport(input: {
    entityId: "taiyuan-ent-1", year: 2026, month: 11, idempotencyKey: "example-2026-11"
    fuels: [{ carrier: "raw_coal", quantity: 1000, unit: "t" }]
    gridElectricity: { value: 500, unit: "MWh" }
    valueAdded: { value: 9000, unit: "10^4 yuan" }
  }) { reportVersion balance { energyTce grossTco2e } warnings { code message } }
}`,
  },
  {
    query: `# Provincial staff: the published assessment of a year and its rectification reports.
query Assessment {
  assessment(scheme: "energy_saving", year: 2025) {
    current { entityId score grade vetoedBy }
    published { version publishedAt }
    obligations { entityId due status }
  }
}`,
  },
];
