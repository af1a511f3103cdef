//! Visitors' consent receipts: the API (`api`), the sharded store as the Worker sees it
//! (`store`) and one shard of it (`shard`, a Durable Object), the public keys that verify them,
//! and the retention job.

pub(crate) mod api;
pub(crate) mod keys;
pub(crate) mod retention;
pub(crate) mod shard;
pub(crate) mod store;
