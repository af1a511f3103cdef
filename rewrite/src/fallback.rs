//! When the rewriter fails mid-page (a tag larger than its memory allows), the rest of the
//! page is still sent, so content stays readable, but every script, frame, image, media
//! element and link after that point is made inert: fail closed for trackers, open for
//! content.

/// Tags whose start is rewritten, and what they become. A `type` written first wins over
/// any later one (the HTML parser keeps an attribute's first occurrence); the others are
/// renamed to an element that loads nothing.
const HELD: [(&[u8], &[u8]); 7] = [
    (
        b"<script",
        b"<script type=\"text/plain\" data-samtycke-held",
    ),
    (b"<iframe", b"<samtycke-held-iframe"),
    (b"<img", b"<samtycke-held-img"),
    (b"<link", b"<samtycke-held-link"),
    (b"<embed", b"<samtycke-held-embed"),
    (b"<video", b"<samtycke-held-video"),
    (b"<audio", b"<samtycke-held-audio"),
];

/// `bytes` with every such tag made inert (ASCII case-insensitive, whole tag names only).
pub(crate) fn hold_back(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut i = 0;
    'bytes: while i < bytes.len() {
        if bytes[i] == b'<' {
            for (tag, replacement) in HELD {
                let end = i + tag.len();
                if end <= bytes.len()
                    && bytes[i..end].eq_ignore_ascii_case(tag)
                    && bytes
                        .get(end)
                        .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                {
                    out.extend_from_slice(replacement);
                    i = end;
                    continue 'bytes;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}
