export * from "./clv";
export * from "./unitEconomics";
export * from "./equity";
export * from "./rates";
