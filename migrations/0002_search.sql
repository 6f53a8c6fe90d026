-- Full-text search over order number, customer name, email and SKUs.
-- rowid = orders.row_id; the desk rewrites an order's row whenever the order
-- or its items change. Prefix indexes make search-as-you-type cheap.

CREATE VIRTUAL TABLE order_search USING fts5 (
    order_number,
    customer_name,
    customer_email,
    skus,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

INSERT INTO order_search (rowid, order_number, customer_name, customer_email, skus)
SELECT o.row_id, o.order_number, o.customer_name, o.customer_email,
       (SELECT group_concat(i.sku, ' ') FROM order_items i WHERE i.order_row_id = o.row_id)
FROM orders o;
