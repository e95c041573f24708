export * from "./clv";
export * from "./unitEconomics";
export * from "./equity";
