-- Bookkeeping for sql/summary.sql, with the same input and parameters: one row saying what the data
-- hold and what the summary will leave out, so that nothing disappears silently. One pass, no grouping.
--   rows, returns               rows read, and how many have a negative amount
--   missing_customer, missing_date, missing_amount
--                               rows with that value missing (fix them before summarising)
--   first_date, last_date       date range of the data
--   period_end                  $period_end, or the last date when it is NULL
--   rows_after_period_end       rows the summary ignores
-- With the summary: rows of customers left out for having no purchase day by the period end (only
-- returns, or purchases cancelled on their day) = rows - rows_after_period_end - SUM(transactions).
WITH
params AS (
  SELECT COALESCE(CAST($period_end AS DATE), (SELECT MAX(CAST(tx_date AS DATE)) FROM transactions)) AS period_end
)
SELECT
  COUNT(*) AS rows,
  SUM(CASE WHEN t.amount < 0 THEN 1 ELSE 0 END) AS returns,
  SUM(CASE WHEN t.customer_id IS NULL THEN 1 ELSE 0 END) AS missing_customer,
  SUM(CASE WHEN t.tx_date IS NULL THEN 1 ELSE 0 END) AS missing_date,
  SUM(CASE WHEN t.amount IS NULL THEN 1 ELSE 0 END) AS missing_amount,
  MIN(CAST(t.tx_date AS DATE)) AS first_date,
  MAX(CAST(t.tx_date AS DATE)) AS last_date,
  p.period_end,
  SUM(CASE WHEN CAST(t.tx_date AS DATE) > p.period_end THEN 1 ELSE 0 END) AS rows_after_period_end
FROM transactions t
CROSS JOIN params p
GROUP BY p.period_end
