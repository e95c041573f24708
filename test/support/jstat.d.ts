/**
 * jstat ships no type declarations (and @types/jstat does not exist). The tests use it only as a peer
 * implementation to cross-check our special functions, through this small typed surface.
 */
declare module "jstat" {
  interface JStatStatic {
    gammaln(x: number): number;
    gammafn(x: number): number;
    betaln(a: number, b: number): number;
    betafn(a: number, b: number): number;
    factorial(n: number): number;
    [name: string]: unknown;
  }
  const jStat: JStatStatic;
  export default jStat;
  export { jStat };
}
