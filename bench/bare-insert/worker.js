// Comparison Worker for the receipts benchmark: the least a receipt write can cost.
// It stores a real signed receipt body with the product's own statement (the same conflict
// and chain-existence checks, bench/../edge/src/receipts.rs `append`) into the same D1 table,
// with no validation and no signing. Not part of the product; used by bench/receipts.sh.
import RECEIPT from "../../crates/receipts/tests/fixtures/receipt-before-jcs.json";

const BODY = JSON.stringify(RECEIPT);

export default {
  async fetch(request, env) {
    const input = await request.json();
    const id = crypto.randomUUID();
    await env.DB.prepare(
      "INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) " +
        "SELECT ?1, ?2, ?3, ?4, ?5 " +
        "WHERE ?6 IS NULL OR EXISTS (SELECT 1 FROM receipts WHERE receipt_id = ?6 AND subject = ?2) " +
        "ON CONFLICT (idempotency_key) DO NOTHING",
    )
      .bind(id, input.visitor_key, Date.now(), null, BODY, null)
      .run();
    return new Response(BODY, {
      status: 201,
      headers: { "Content-Type": "application/json" },
    });
  },
};
