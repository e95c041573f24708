-- Calibration / holdout split (CLV.SPLIT; src/core/data/split.ts, docs/notes/SPLIT.md): the customer
-- summary at the end of the calibration period plus what each of those customers did in the holdout
-- period (calibration_end, observation_end], the set-up of Fader, Hardie & Lee 2005, §4.
--
-- Input: the `transactions` table or view of sql/summary.sql (customer_id, tx_date, amount).
-- Parameters (named; DuckDB binds $name, see sql/README.md):
--   $calibration_end   DATE, last day of the calibration period (inclusive)
--   $observation_end   DATE, last day of the holdout period (inclusive), after $calibration_end
--   $unit_days         DOUBLE, days per time unit: 1 (D), 7 (W), 365.25/12 (M), 365.25 (Y)
--
-- Rules: the calibration columns are exactly sql/summary.sql with period_end = calibration_end; only
-- customers with a purchase day by then are listed. Holdout purchase days follow the same rules
-- (same-day rows merge; a day whose returns bring it to <= 0 is not a purchase day);
-- monetary_holdout is their mean net amount (0 without any); duration_holdout is the holdout length in
-- the unit, the same for every customer. Rows after observation_end are ignored.
-- The only engine-specific expressions are the day differences marked DIALECT (sql/README.md).
WITH
params AS (
  SELECT
    CAST($unit_days AS DOUBLE) AS unit_days,
    CAST($calibration_end AS DATE) AS calibration_end,
    CAST($observation_end AS DATE) AS observation_end
),
daily AS (
  SELECT
    t.customer_id,
    CAST(t.tx_date AS DATE) AS day,
    SUM(t.amount) AS net,
    SUM(CASE WHEN t.amount < 0 THEN 1 ELSE 0 END) AS n_returns
  FROM transactions t
  CROSS JOIN params p
  WHERE CAST(t.tx_date AS DATE) <= p.observation_end
  GROUP BY t.customer_id, CAST(t.tx_date AS DATE)
),
days AS (
  SELECT
    d.customer_id, d.day, d.net,
    CASE WHEN d.n_returns = 0 OR d.net > 0 THEN 1 ELSE 0 END AS is_purchase,
    CASE WHEN d.day <= p.calibration_end THEN 1 ELSE 0 END AS in_calibration
  FROM daily d
  CROSS JOIN params p
),
customers AS (
  SELECT
    customer_id,
    MIN(CASE WHEN is_purchase = 1 AND in_calibration = 1 THEN day END) AS first_purchase,
    MAX(CASE WHEN is_purchase = 1 AND in_calibration = 1 THEN day END) AS last_purchase,
    SUM(CASE WHEN in_calibration = 1 THEN is_purchase ELSE 0 END) AS purchase_days,
    SUM(CASE WHEN in_calibration = 0 THEN is_purchase ELSE 0 END) AS holdout_days,
    SUM(CASE WHEN in_calibration = 0 AND is_purchase = 1 THEN net ELSE 0 END) AS holdout_sum
  FROM days
  GROUP BY customer_id
),
repeat_spend AS (
  SELECT d.customer_id, SUM(d.net) AS repeat_sum
  FROM days d
  JOIN customers c ON c.customer_id = d.customer_id
  WHERE d.is_purchase = 1 AND d.in_calibration = 1 AND d.day > c.first_purchase
  GROUP BY d.customer_id
)
SELECT
  c.customer_id AS customer,
  CAST(c.purchase_days - 1 AS BIGINT) AS frequency_cal,
  date_diff('day', c.first_purchase, c.last_purchase) / p.unit_days AS recency_cal, -- DIALECT
  date_diff('day', c.first_purchase, p.calibration_end) / p.unit_days AS T_cal,     -- DIALECT
  CASE WHEN c.purchase_days > 1 THEN r.repeat_sum / (c.purchase_days - 1) ELSE 0 END AS monetary_cal,
  CAST(c.holdout_days AS BIGINT) AS frequency_holdout,
  CASE WHEN c.holdout_days > 0 THEN c.holdout_sum / c.holdout_days ELSE 0 END AS monetary_holdout,
  date_diff('day', p.calibration_end, p.observation_end) / p.unit_days AS duration_holdout -- DIALECT
FROM customers c
CROSS JOIN params p
LEFT JOIN repeat_spend r ON r.customer_id = c.customer_id
WHERE c.purchase_days > 0
ORDER BY c.customer_id
