/**
 * Value-based decisions (course parts 3–7): value levers, customer and segment P&L, whale curves,
 * budget allocation, the customer equity test, equity projections and churn. One concern per module;
 * each cites the paper and equation it implements.
 */
export * from "./rates";
export * from "./levers";
export * from "./futureBehaviour";
export * from "./modelLevers";
export * from "./pnl";
export * from "./whale";
export * from "./segments";
export * from "./allocate";
export * from "./equityTest";
export * from "./equityProject";
export * from "./churn";
