//! Where a receipt lives in the sharded store (see `docs/capacity.md`): the layout of shard
//! generations, the shard a subject's chain belongs to, and receipt ids that carry their
//! shard so that an id alone leads to it. A generation is placed in a jurisdiction
//! ([`crate::placement`]); outside local development every one must be.

use crate::placement::{Jurisdiction, PlacementError};
use sha2::{Digest, Sha256};
use thiserror::Error;
use uuid::Uuid;

/// Most shards one generation may have (the shard number is 16 bits of a receipt id).
pub const MAX_SHARDS: u32 = 1 << 16;

/// Most generations a layout may have (the generation is 8 bits of a receipt id).
pub const MAX_GENERATIONS: usize = 1 << 8;

/// Most shards all generations together may have. An export page, the report and the
/// dashboard ask every shard once within one Worker invocation, and a Worker on the paid plan
/// may make 10 000 subrequests an invocation
/// (<https://developers.cloudflare.com/workers/platform/limits/#subrequests>): this leaves
/// room for the invocation's other calls.
pub const MAX_TOTAL_SHARDS: u64 = 8192;

/// The layout when `RECEIPT_SHARDS` is not set: one generation of 16 shards, placed in the EU.
pub const DEFAULT_LAYOUT: &str = "0:16:eu";

/// One shard of one generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShardId {
    /// Index of the generation in the layout, oldest first.
    pub generation: u8,
    /// Shard number within the generation.
    pub shard: u16,
}

impl ShardId {
    /// The Durable Object name of this shard: `receipts/<generation>/<shard>`.
    pub fn object_name(&self) -> String {
        format!("receipts/{}/{}", self.generation, self.shard)
    }
}

/// A generation: from `since_ms` (Unix milliseconds) on, new subjects are spread over
/// `shards` shards, created in `jurisdiction` when it names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation {
    /// When new subjects start to go to this generation.
    pub since_ms: i64,
    /// How many shards it has.
    pub shards: u32,
    /// Where its shards are created; `None` for no jurisdiction (local development, or a
    /// generation written before the store was placed).
    pub jurisdiction: Option<Jurisdiction>,
}

/// Why a layout setting is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LayoutError {
    /// A part is not `<since_ms>:<shards>[:<jurisdiction>]`.
    #[error(
        "generation {index} must be `<since unix ms>:<shards>` or `<since unix ms>:<shards>:eu`, not {text}"
    )]
    Malformed {
        /// Position of the part, from 0.
        index: usize,
        /// The part, quoted for the log.
        text: String,
    },
    /// No generation at all.
    #[error("the layout needs at least one generation")]
    Empty,
    /// More than [`MAX_GENERATIONS`].
    #[error("at most {MAX_GENERATIONS} generations")]
    TooManyGenerations,
    /// A shard count of zero or above [`MAX_SHARDS`].
    #[error("generation {index} must have 1 to {MAX_SHARDS} shards, not {shards}")]
    ShardCount {
        /// Position of the generation.
        index: usize,
        /// Its shard count.
        shards: u64,
    },
    /// More than [`MAX_TOTAL_SHARDS`] shards over all generations.
    #[error("at most {MAX_TOTAL_SHARDS} shards over all generations, not {total}")]
    TooManyShards {
        /// The shards of all generations together.
        total: u64,
    },
    /// A jurisdiction outside the EU/EEA, or no jurisdiction at all.
    #[error("generation {index}: {source}")]
    Jurisdiction {
        /// Position of the generation.
        index: usize,
        /// Why the name is refused.
        source: PlacementError,
    },
    /// Generations not in strictly increasing order of their start.
    #[error("generation {index} must start after the one before it")]
    OutOfOrder {
        /// Position of the generation.
        index: usize,
    },
}

/// Every generation of the store, oldest first. Generations are only ever added: receipts
/// stay in the shard they were written to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    generations: Vec<Generation>,
}

impl Layout {
    /// A layout of one generation of `shards` shards, from the beginning of time.
    pub fn single(shards: u16) -> Self {
        Self {
            generations: vec![Generation {
                since_ms: 0,
                shards: u32::from(shards.max(1)),
                jurisdiction: None,
            }],
        }
    }

    /// Read a layout setting: generations separated by commas, each `<since unix ms>:<shards>`,
    /// or `<since unix ms>:<shards>:eu` for one placed in the EU (`0:1024,1830297600000:4096:eu`),
    /// in increasing order of their start.
    pub fn parse(text: &str) -> Result<Self, LayoutError> {
        let mut generations = Vec::new();
        for (index, part) in text.split(',').map(str::trim).enumerate() {
            if part.is_empty() && text.trim().is_empty() {
                break;
            }
            let malformed = || LayoutError::Malformed {
                index,
                text: samtycke_visitor::log_text::quoted(part),
            };
            let mut fields = part.split(':');
            let (Some(since), Some(shards), jurisdiction, None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(malformed());
            };
            let jurisdiction = jurisdiction
                .map(|name| {
                    Jurisdiction::parse(name)
                        .map_err(|source| LayoutError::Jurisdiction { index, source })
                })
                .transpose()?;
            let since_ms: i64 = since.trim().parse().map_err(|_| malformed())?;
            let shards: u64 = shards.trim().parse().map_err(|_| malformed())?;
            if shards == 0 || shards > u64::from(MAX_SHARDS) {
                return Err(LayoutError::ShardCount { index, shards });
            }
            if generations
                .last()
                .is_some_and(|g: &Generation| g.since_ms >= since_ms)
            {
                return Err(LayoutError::OutOfOrder { index });
            }
            generations.push(Generation {
                since_ms,
                shards: shards as u32,
                jurisdiction,
            });
        }
        if generations.is_empty() {
            return Err(LayoutError::Empty);
        }
        if generations.len() > MAX_GENERATIONS {
            return Err(LayoutError::TooManyGenerations);
        }
        let total: u64 = generations.iter().map(|g| u64::from(g.shards)).sum();
        if total > MAX_TOTAL_SHARDS {
            return Err(LayoutError::TooManyShards { total });
        }
        Ok(Self { generations })
    }

    /// The generations, oldest first.
    pub fn generations(&self) -> &[Generation] {
        &self.generations
    }

    /// Where `subject`'s chain may live at `now_ms`, newest generation first: a new subject
    /// starts in the first; a subject seen before is in the newest one that has seen it.
    pub fn candidates(&self, subject: &str, now_ms: i64) -> Vec<ShardId> {
        self.generations
            .iter()
            .enumerate()
            .filter(|(i, g)| *i == 0 || g.since_ms <= now_ms)
            .rev()
            .map(|(i, g)| ShardId {
                generation: i as u8,
                shard: shard_number(subject, g.shards),
            })
            .collect()
    }

    /// Whether the store may be used where placement is `required`
    /// ([`crate::placement::required`]: everywhere but local development): then every
    /// generation must be placed in a jurisdiction, since a subject's chain stays in the
    /// generation it began in and every shard is read for exports and reports.
    pub fn check_placed(&self, required: bool) -> Result<(), PlacementError> {
        match self
            .generations
            .iter()
            .position(|g| g.jurisdiction.is_none())
        {
            Some(generation) if required => Err(PlacementError::ReceiptsUnplaced { generation }),
            _ => Ok(()),
        }
    }

    /// The jurisdiction `shard`'s generation is placed in, if any.
    pub fn jurisdiction_of(&self, shard: ShardId) -> Option<Jurisdiction> {
        self.generations
            .get(usize::from(shard.generation))
            .and_then(|g| g.jurisdiction)
    }

    /// Every shard of every generation, in a fixed order (for export, reports, retention).
    pub fn all_shards(&self) -> impl Iterator<Item = ShardId> + '_ {
        self.generations.iter().enumerate().flat_map(|(i, g)| {
            (0..g.shards).map(move |n| ShardId {
                generation: i as u8,
                shard: n as u16,
            })
        })
    }

    /// Whether `id` names a shard of this layout.
    pub fn contains(&self, id: ShardId) -> bool {
        self.generations
            .get(usize::from(id.generation))
            .is_some_and(|g| u32::from(id.shard) < g.shards)
    }
}

/// The shard among `shards` that `subject` maps to: the first 8 bytes of a tagged SHA-256 of
/// the subject, modulo the count (even spread; no one can steer their subject to a shard,
/// as subjects are themselves hashes).
pub fn shard_number(subject: &str, shards: u32) -> u16 {
    let digest = Sha256::new()
        .chain_update(b"samtycke/shard/1\0")
        .chain_update(subject.as_bytes())
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(first) % u64::from(shards.clamp(1, MAX_SHARDS))) as u16
}

/// A new receipt id for a receipt stored in `shard`: a version-8 UUID (RFC 9562) whose first
/// three bytes are the generation and the shard, the other 98 bits taken from `random`.
pub fn receipt_id(shard: ShardId, random: [u8; 16]) -> String {
    let mut bytes = random;
    bytes[0] = shard.generation;
    bytes[1..3].copy_from_slice(&shard.shard.to_be_bytes());
    Uuid::new_v8(bytes).hyphenated().to_string()
}

/// The shard a receipt id names, if it is one of [`receipt_id`]'s (version 8). Older
/// version-4 ids name none.
pub fn shard_of_receipt_id(id: &str) -> Option<ShardId> {
    let uuid = Uuid::try_parse(id).ok()?;
    if uuid.get_version_num() != 8 || id != uuid.hyphenated().to_string() {
        return None;
    }
    let bytes = uuid.as_bytes();
    Some(ShardId {
        generation: bytes[0],
        shard: u16::from_be_bytes([bytes[1], bytes[2]]),
    })
}

/// A place in the store's time order: receipts are exported by `(issued_at, receipt_id)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// Unix milliseconds.
    pub issued_at: i64,
    /// The receipt id, which orders receipts issued in the same millisecond.
    pub receipt_id: String,
}

impl Position {
    /// The position as an export cursor: `<issued_at>.<receipt_id>`.
    pub fn to_cursor(&self) -> String {
        format!("{}.{}", self.issued_at, self.receipt_id)
    }

    /// A cursor made by [`Self::to_cursor`]; `None` for anything else.
    pub fn from_cursor(cursor: &str) -> Option<Self> {
        let (at, id) = cursor.split_once('.')?;
        let issued_at = at.parse().ok()?;
        crate::receipt::is_receipt_id(id).then(|| Self {
            issued_at,
            receipt_id: id.to_owned(),
        })
    }
}

/// Merge one page from each shard into one page of the whole store, in time order.
///
/// Each page holds a shard's next receipts in order, at most `asked` of them; a page that is
/// full may have more after it. Only receipts up to the earliest last position of a full page
/// are certain to come before everything not yet fetched, so only those are returned (at most
/// `limit`), and the next cursor is the last one returned while anything may remain. At least
/// one receipt is returned whenever any page has one, so following the cursor always ends.
pub fn merge<T>(
    pages: Vec<Vec<T>>,
    asked: usize,
    limit: usize,
    position: impl Fn(&T) -> Position,
) -> (Vec<T>, Option<Position>) {
    let bound = pages
        .iter()
        .filter(|page| page.len() >= asked)
        .filter_map(|page| page.last().map(&position))
        .min();
    let mut rows: Vec<(Position, T)> = pages
        .into_iter()
        .flatten()
        .map(|row| (position(&row), row))
        .filter(|(at, _)| bound.as_ref().is_none_or(|bound| at <= bound))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let more = bound.is_some() || rows.len() > limit;
    rows.truncate(limit.max(1));
    let next = more
        .then(|| rows.last().map(|(at, _)| at.clone()))
        .flatten();
    (rows.into_iter().map(|(_, row)| row).collect(), next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_is_read_strictly() {
        let layout = Layout::parse("0:1024, 1830297600000:4096:eu").unwrap();
        assert_eq!(
            layout.generations(),
            &[
                Generation {
                    since_ms: 0,
                    shards: 1024,
                    jurisdiction: None,
                },
                Generation {
                    since_ms: 1_830_297_600_000,
                    shards: 4096,
                    jurisdiction: Some(Jurisdiction::Eu),
                }
            ]
        );
        assert_eq!(Layout::parse(""), Err(LayoutError::Empty));
        assert!(matches!(
            Layout::parse("1024"),
            Err(LayoutError::Malformed { index: 0, .. })
        ));
        assert!(matches!(
            Layout::parse("0:x"),
            Err(LayoutError::Malformed { .. })
        ));
        assert!(matches!(
            Layout::parse("0:16:eu:x"),
            Err(LayoutError::Malformed { index: 0, .. })
        ));
        // Only the EU keeps the notices' promise.
        for outside in ["us", "fedramp", ""] {
            assert_eq!(
                Layout::parse(&format!("0:16:{outside}")),
                Err(LayoutError::Jurisdiction {
                    index: 0,
                    source: PlacementError::Unknown(outside.into())
                })
            );
        }
        assert_eq!(
            Layout::parse("0:0"),
            Err(LayoutError::ShardCount {
                index: 0,
                shards: 0
            })
        );
        assert_eq!(
            Layout::parse("0:65537"),
            Err(LayoutError::ShardCount {
                index: 0,
                shards: 65_537
            })
        );
        // Every shard is asked once per export page: the total stays under the subrequest limit.
        assert!(Layout::parse("0:4096,1:4096").is_ok());
        assert_eq!(
            Layout::parse("0:4096,1:4097"),
            Err(LayoutError::TooManyShards { total: 8193 })
        );
        assert_eq!(
            Layout::parse("5:2,5:4"),
            Err(LayoutError::OutOfOrder { index: 1 })
        );
    }

    #[test]
    fn subjects_spread_evenly_over_the_shards() {
        let shards = 16u32;
        let mut counts = vec![0u32; shards as usize];
        for i in 0..16_000 {
            counts[usize::from(shard_number(&format!("v_{i:032x}"), shards))] += 1;
        }
        // 1000 expected in each; a fair hash stays well within ±15 %.
        assert!(
            counts.iter().all(|&c| (850..=1150).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn a_subject_is_looked_for_in_the_newest_generation_first() {
        let layout = Layout::parse("0:4,1000:64").unwrap();
        let subject = "v_0123456789abcdef0123456789abcdef";
        assert_eq!(
            layout.candidates(subject, 999),
            vec![ShardId {
                generation: 0,
                shard: shard_number(subject, 4)
            }]
        );
        assert_eq!(
            layout.candidates(subject, 1000),
            vec![
                ShardId {
                    generation: 1,
                    shard: shard_number(subject, 64)
                },
                ShardId {
                    generation: 0,
                    shard: shard_number(subject, 4)
                },
            ]
        );
        assert_eq!(layout.all_shards().count(), 68);
        assert!(layout.contains(ShardId {
            generation: 1,
            shard: 63
        }));
        assert!(!layout.contains(ShardId {
            generation: 1,
            shard: 64
        }));
        assert!(!layout.contains(ShardId {
            generation: 2,
            shard: 0
        }));
    }

    #[test]
    fn outside_local_development_every_generation_must_be_placed() {
        let placed = Layout::parse("0:16:eu,1000:32:eu").unwrap();
        assert_eq!(placed.check_placed(true), Ok(()));
        let shard = ShardId {
            generation: 1,
            shard: 31,
        };
        assert_eq!(placed.jurisdiction_of(shard), Some(Jurisdiction::Eu));
        // A generation left unplaced, old or new, is refused; local development may use it.
        for layout in ["0:16", "0:16,1000:32:eu", "0:16:eu,1000:32"] {
            let layout = Layout::parse(layout).unwrap();
            let unplaced = layout
                .generations()
                .iter()
                .position(|g| g.jurisdiction.is_none())
                .unwrap();
            assert_eq!(
                layout.check_placed(true),
                Err(PlacementError::ReceiptsUnplaced {
                    generation: unplaced
                })
            );
            assert_eq!(layout.check_placed(false), Ok(()));
        }
        assert_eq!(Layout::parse("0:16").unwrap().jurisdiction_of(shard), None);
    }

    #[test]
    fn a_receipt_id_carries_its_shard() {
        let shard = ShardId {
            generation: 3,
            shard: 40_000,
        };
        let id = receipt_id(shard, [0xab; 16]);
        assert!(crate::receipt::is_receipt_id(&id), "{id}");
        assert_eq!(&id[14..15], "8", "version 8: {id}");
        assert_eq!(shard_of_receipt_id(&id), Some(shard));
        assert_eq!(shard.object_name(), "receipts/3/40000");
        // Version-4 ids (receipts from before the shards) and anything else name no shard.
        assert_eq!(
            shard_of_receipt_id("3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f"),
            None
        );
        assert_eq!(shard_of_receipt_id(&id.to_uppercase()), None);
        assert_eq!(shard_of_receipt_id("not-an-id"), None);
    }

    fn at(ms: i64, n: u8) -> Position {
        Position {
            issued_at: ms,
            receipt_id: format!("00000000-0000-4000-8000-0000000000{n:02x}"),
        }
    }

    #[test]
    fn a_cursor_round_trips_and_nothing_else_parses() {
        let p = at(1_700_000_000_000, 7);
        assert_eq!(Position::from_cursor(&p.to_cursor()), Some(p));
        for bad in [
            "",
            "12",
            "x.00000000-0000-4000-8000-000000000007",
            "12.not-an-id",
        ] {
            assert_eq!(Position::from_cursor(bad), None, "{bad}");
        }
    }

    /// Export a whole store through `merge`, `asked` per shard and `limit` per page.
    fn export_all(shards: &[Vec<Position>], asked: usize, limit: usize) -> Vec<Position> {
        let mut out = Vec::new();
        let mut cursor: Option<Position> = None;
        loop {
            let pages = shards
                .iter()
                .map(|rows| {
                    rows.iter()
                        .filter(|p| cursor.as_ref().is_none_or(|c| *p > c))
                        .take(asked)
                        .cloned()
                        .collect()
                })
                .collect();
            let (page, next) = merge(pages, asked, limit, Position::clone);
            assert!(page.len() <= limit);
            out.extend(page);
            match next {
                Some(next) => cursor = Some(next),
                None => return out,
            }
        }
    }

    #[test]
    fn merging_shards_page_by_page_exports_everything_once_in_order() {
        // Uneven shards, equal times across shards, one empty shard.
        let shards = vec![
            vec![
                at(1, 1),
                at(5, 2),
                at(5, 3),
                at(9, 4),
                at(10, 5),
                at(11, 6),
                at(12, 7),
            ],
            vec![at(2, 8), at(5, 9)],
            vec![],
            vec![at(1, 10), at(3, 11), at(4, 12), at(20, 13)],
        ];
        let mut expected: Vec<Position> = shards.iter().flatten().cloned().collect();
        expected.sort();
        for asked in 1..=5 {
            for limit in 1..=6 {
                assert_eq!(
                    export_all(&shards, asked, limit),
                    expected,
                    "asked {asked} limit {limit}"
                );
            }
        }
    }

    #[test]
    fn an_empty_store_exports_nothing_and_ends() {
        assert_eq!(export_all(&[vec![], vec![]], 3, 10), Vec::<Position>::new());
    }
}
