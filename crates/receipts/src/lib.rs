//! Consent receipts: issuing one from a visitor's request, its RFC 8785 canonical JSON and
//! Ed25519 signature, the visitor subject it carries, and how receipts are spread over and
//! counted in their store's shards.
//!
//! Depends on `samtycke-visitor` and `samtycke-wire`, never on care, auth or policy. Pure: the
//! adapters pass in times, ids and keys.

pub mod canonical;
pub mod counts;
pub mod placement;
pub mod receipt;
pub mod shard;
pub mod signature;
pub mod visitor;

pub use receipt::{Receipt, ReceiptError, ReceiptRequest, SignedReceipt};
pub use signature::{KeySet, SigningKey, VerifyError, verify, verify_json};
