// Comparison Worker for the receipts benchmark: the least a receipt write can cost.
// It inserts a row of the same shape and size as a signed receipt into the same D1 table,
// with no validation and no signature. Not part of the product; used by bench/receipts.sh.
const BODY = JSON.stringify({ padding: "x".repeat(1150) });

export default {
  async fetch(request, env) {
    const input = await request.json();
    const id = crypto.randomUUID();
    await env.DB.prepare(
      "INSERT INTO receipts (receipt_id, subject, issued_at, idempotency_key, body) VALUES (?1, ?2, ?3, NULL, ?4)",
    )
      .bind(id, input.visitor_key, Date.now(), BODY)
      .run();
    return new Response(JSON.stringify({ receipt_id: id, body: BODY }), {
      status: 201,
      headers: { "Content-Type": "application/json" },
    });
  },
};
