-- Transactions -> one row per customer: the inputs of the BTYD models (frequency, recency, T), the
-- Gamma-Gamma monetary value and bookkeeping columns, with exactly the rules of CLV.SUMMARY
-- (src/core/data/summary.ts, docs/notes/SUMMARY.md; definitions from Fader, Hardie & Lee 2005, §2,
-- and Fader & Hardie 2013 for monetary).
--
-- Input: a table or view named `transactions` with one row per transaction:
--   customer_id  text or integer (trim text ids first: ' a' and 'a' are one customer in Excel)
--   tx_date      DATE or TIMESTAMP (the time of day is ignored)
--   amount       number; negative amounts are returns or refunds
-- Parameters (named; DuckDB binds $name, see sql/README.md for the other engines):
--   $period_end  DATE, inclusive end of the observation period; NULL = the last date in the data
--   $unit_days   DOUBLE, days per time unit: 1 (D), 7 (W), 365.25/12 (M), 365.25 (Y).
--                Bind the double computed by the client (365.25/12 = 30.4375 exactly), never a
--                decimal literal the engine might round.
--
-- Rules:
-- * Rows of a customer on one calendar day merge into one day worth their net sum.
-- * A day with a negative row whose net sum is <= 0 is not a purchase day (a same-day full refund
--   cancels the purchase); a day without negative rows is a purchase day even at $0 (a free order).
-- * frequency = purchase days after the first one; recency = (last - first purchase day) / unit;
--   T = (period end - first purchase day) / unit; monetary = mean net amount of the repeat purchase
--   days, 0 when frequency = 0; total_spend = net sum of all rows up to the period end.
-- * Rows after the period end are ignored; customers with no purchase day by then are left out
--   (sql/summary_checks.sql counts what was left out).
-- Engine-specific expressions are marked DIALECT: two day differences and MIN_BY (sql/README.md).
WITH
params AS (
  SELECT
    CAST($unit_days AS DOUBLE) AS unit_days,
    COALESCE(CAST($period_end AS DATE), (SELECT MAX(CAST(tx_date AS DATE)) FROM transactions)) AS period_end
),
daily AS (
  SELECT
    t.customer_id,
    CAST(t.tx_date AS DATE) AS day,
    SUM(t.amount) AS net,
    COUNT(*) AS n_rows,
    SUM(CASE WHEN t.amount < 0 THEN 1 ELSE 0 END) AS n_returns
  FROM transactions t
  CROSS JOIN params p
  WHERE CAST(t.tx_date AS DATE) <= p.period_end
  GROUP BY t.customer_id, CAST(t.tx_date AS DATE)
),
days AS (
  SELECT
    customer_id, day, net, n_rows, n_returns,
    CASE WHEN n_returns = 0 OR net > 0 THEN 1 ELSE 0 END AS is_purchase
  FROM daily
),
customers AS (
  SELECT
    customer_id,
    MIN(CASE WHEN is_purchase = 1 THEN day END) AS first_purchase,
    MAX(CASE WHEN is_purchase = 1 THEN day END) AS last_purchase,
    SUM(is_purchase) AS purchase_days,
    SUM(CASE WHEN is_purchase = 1 THEN net ELSE 0 END) AS purchase_sum,
    -- net amount of the first purchase day: the earliest day among purchase days (DIALECT: MIN_BY)
    MIN_BY(net, CASE WHEN is_purchase = 1 THEN day ELSE DATE '9999-12-31' END) AS first_net,
    SUM(net) AS total_spend,
    SUM(n_rows) AS n_rows,
    SUM(n_returns) AS n_returns
  FROM days
  GROUP BY customer_id
)
SELECT
  c.customer_id AS customer,
  CAST(c.purchase_days - 1 AS BIGINT) AS frequency,
  date_diff('day', c.first_purchase, c.last_purchase) / p.unit_days AS recency, -- DIALECT
  date_diff('day', c.first_purchase, p.period_end) / p.unit_days AS T,          -- DIALECT
  CASE WHEN c.purchase_days > 1 THEN (c.purchase_sum - c.first_net) / (c.purchase_days - 1) ELSE 0 END AS monetary,
  c.total_spend,
  c.first_purchase,
  c.last_purchase,
  CAST(c.n_rows AS BIGINT) AS transactions,
  CAST(c.n_returns AS BIGINT) AS returns
FROM customers c
CROSS JOIN params p
WHERE c.purchase_days > 0
ORDER BY c.customer_id
