// The package's index does not export the store base class that its own store
// limiters (SQLite, Mongo, …) extend; its file is CommonJS (`module.exports = class`).
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js' {
  import type {RateLimiterStoreAbstract} from 'rate-limiter-flexible';
  const StoreAbstract: typeof RateLimiterStoreAbstract;
  export default StoreAbstract;
}
