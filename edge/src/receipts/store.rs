//! The sharded receipt store as the Worker sees it (see `docs/capacity.md`): which shard a
//! subject's chain or a receipt id lives in, and the calls to the shards (one method per
//! [`crate::receipts::shard::Call`]), including the export that merges every shard in time order.

use futures_util::future::join_all;
use samtycke_receipts::shard::{self, Layout, Position, ShardId};
use serde::de::DeserializeOwned;
use worker::{Env, ObjectNamespace, Request};

use crate::bindings;
use crate::http::error::ApiError;
use samtycke_receipts::counts::Count;

use crate::receipts::shard::{Append, Appended, Call, Import, TimedRow, Totals};

/// The store of one request.
pub(crate) struct Store {
    layout: Layout,
    namespace: ObjectNamespace,
}

/// One page of the whole store in time order, and where the next one starts.
pub(crate) struct ExportPage {
    pub(crate) rows: Vec<TimedRow>,
    pub(crate) next: Option<Position>,
}

impl Store {
    /// The store configured by `RECEIPT_SHARDS` (generations `<since unix ms>:<shards>:eu`,
    /// comma-separated) on the `RECEIPT_SHARD` Durable Object binding, for a request to
    /// `req`: refused (`503 misconfigured`) outside local development unless every
    /// generation is placed in the EU, so that no visitor's receipt is stored outside it.
    pub(crate) fn new(env: &Env, req: &Request) -> Result<Self, ApiError> {
        let setting = env
            .var("RECEIPT_SHARDS")
            .map(|v| v.to_string())
            .unwrap_or_else(|_| shard::DEFAULT_LAYOUT.into());
        let layout = Layout::parse(&setting)
            .map_err(|e| ApiError::Misconfigured(format!("RECEIPT_SHARDS: {e}")))?;
        layout
            .check_placed(samtycke_receipts::placement::required(
                req.url()?.host_str().unwrap_or_default(),
            ))
            .map_err(|e| ApiError::Misconfigured(e.to_string()))?;
        Ok(Self {
            layout,
            namespace: env.durable_object("RECEIPT_SHARD")?,
        })
    }

    /// Send `call` to `shard` and read its answer as `T`.
    async fn ask<T: DeserializeOwned>(&self, shard: ShardId, call: &Call) -> Result<T, ApiError> {
        let namespace = match self.layout.jurisdiction_of(shard) {
            Some(jurisdiction) => bindings::in_jurisdiction(self.namespace.clone(), jurisdiction)?,
            None => self.namespace.clone(),
        };
        let stub = namespace.id_from_name(&shard.object_name())?.get_stub()?;
        let mut response = crate::object_call::post(&stub, call, &[]).await?;
        match response.status_code() {
            200 => Ok(response.json().await?),
            status => Err(ApiError::Internal(format!(
                "receipt shard {} answered {status}: {}",
                shard.object_name(),
                response.text().await.unwrap_or_default()
            ))),
        }
    }

    /// The shard `subject`'s chain lives in at `now_ms`: the newest generation whose shard
    /// has seen the subject, else the newest generation (a new subject starts there).
    pub(crate) async fn home_of(&self, subject: &str, now_ms: i64) -> Result<ShardId, ApiError> {
        let candidates = self.layout.candidates(subject, now_ms);
        let newest = candidates[0];
        if candidates.len() == 1 {
            return Ok(newest);
        }
        for &shard in &candidates {
            let has = Call::Has {
                subject: subject.to_owned(),
            };
            if self.ask::<bool>(shard, &has).await? {
                return Ok(shard);
            }
        }
        Ok(newest)
    }

    /// Store a receipt in `shard` (its home, from [`Self::home_of`]).
    pub(crate) async fn append(
        &self,
        shard: ShardId,
        append: &Append,
    ) -> Result<Appended, ApiError> {
        self.ask(shard, &Call::Append(Box::new(append.clone())))
            .await
    }

    /// Move receipts from today's D1 table into `shard` (their subject's home), each once;
    /// the number that were not there yet.
    pub(crate) async fn import(
        &self,
        shard: ShardId,
        rows: Vec<Append>,
    ) -> Result<usize, ApiError> {
        self.ask(shard, &Call::Import(Import { rows })).await
    }

    /// The stored body of receipt `id`, if its id names a shard of this store and the shard
    /// has it.
    pub(crate) async fn receipt(&self, id: &str) -> Result<Option<String>, ApiError> {
        match shard::shard_of_receipt_id(id) {
            Some(shard) if self.layout.contains(shard) => {
                let call = Call::Receipt { id: id.to_owned() };
                self.ask(shard, &call).await
            }
            _ => Ok(None),
        }
    }

    /// Up to `limit` of `subject`'s receipts after receipt `after` (one of theirs), oldest
    /// first. A subject's receipts all live in its home shard.
    pub(crate) async fn subject_page(
        &self,
        subject: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<String>, ApiError> {
        let home = self.home_of(subject, crate::runtime::now_millis()).await?;
        let call = Call::Subject {
            subject: subject.to_owned(),
            after: after.map(str::to_owned),
            limit: i64::from(limit),
        };
        self.ask(home, &call).await
    }

    /// One page of receipts issued in `[from, to)` after `cursor`, in time order over every
    /// shard; at most `limit`.
    pub(crate) async fn export_page(
        &self,
        from: i64,
        to: i64,
        cursor: Option<&Position>,
        limit: usize,
    ) -> Result<ExportPage, ApiError> {
        let shards: Vec<ShardId> = self.layout.all_shards().collect();
        // Each shard is asked for a share of the page and a little more: the memory held is
        // about `limit + 8 × shards` receipts, whatever the store's size.
        let asked = (limit / shards.len().max(1) + 1).max(8);
        let (after_at, after_id) = cursor.map_or((i64::MIN, String::new()), |c| {
            (c.issued_at, c.receipt_id.clone())
        });
        let call = Call::Export {
            from,
            to,
            after_at,
            after_id,
            limit: i64::try_from(asked).unwrap_or(i64::MAX),
        };
        let pages = join_all(shards.iter().map(|&s| self.ask::<Vec<TimedRow>>(s, &call)))
            .await
            .into_iter()
            .collect::<Result<Vec<_>, _>>()?;
        let (rows, next) = shard::merge(pages, asked, limit, |r: &TimedRow| Position {
            issued_at: r.issued_at,
            receipt_id: r.receipt_id.clone(),
        });
        Ok(ExportPage { rows, next })
    }

    /// The counters of the days `from..=to` (`YYYY-MM-DD`) of every shard (the same key may
    /// come from several shards: [`samtycke_receipts::counts`] adds them up).
    pub(crate) async fn counts(&self, from: &str, to: &str) -> Result<Vec<Count>, ApiError> {
        let call = Call::Counts {
            from: from.to_owned(),
            to: to.to_owned(),
        };
        let per_shard = join_all(
            self.layout
                .all_shards()
                .map(|s| self.ask::<Vec<Count>>(s, &call)),
        )
        .await;
        let mut all = Vec::new();
        for counts in per_shard {
            all.extend(counts?);
        }
        Ok(all)
    }

    /// Receipts issued in `[from, to)` and, of them, chain links that point at no earlier
    /// receipt of the same subject, over every shard (a subject's chain lives in one shard).
    pub(crate) async fn totals(&self, from: i64, to: i64) -> Result<Totals, ApiError> {
        let call = Call::Totals { from, to };
        let per_shard = join_all(
            self.layout
                .all_shards()
                .map(|s| self.ask::<Totals>(s, &call)),
        )
        .await;
        let mut sum = Totals::default();
        for t in per_shard {
            let t = t?;
            sum.receipts += t.receipts;
            sum.chain_gaps += t.chain_gaps;
        }
        Ok(sum)
    }
}
