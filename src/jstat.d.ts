/**
 * jstat ships no type declarations (and @types/jstat does not exist). The core uses its chi-square
 * distribution (core/measure/fairness.ts); the tests use it as a peer implementation to cross-check
 * our special functions. This is the small typed surface both need.
 */
declare module "jstat" {
  interface Distribution {
    cdf(x: number, ...params: number[]): number;
    pdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  interface JStatStatic {
    gammaln(x: number): number;
    gammafn(x: number): number;
    betaln(a: number, b: number): number;
    betafn(a: number, b: number): number;
    factorial(n: number): number;
    chisquare: Distribution;
    [name: string]: unknown;
  }
  const jStat: JStatStatic;
  export default jStat;
  export { jStat };
}
