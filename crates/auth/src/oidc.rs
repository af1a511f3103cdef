//! OpenID Connect relying-party rules: PKCE, the authorization request, and every check on
//! the ID token (signature against the provider's JWKS, `iss`, `aud`, `azp`, `exp`, `iat`,
//! `nonce`), and reading the personal identity number out of its claims.
//!
//! The adapter fetches the discovery document, the JWKS and the token; this module decides.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use thiserror::Error;

use samtycke_care::personnummer::{IdentityNumber, IdentityNumberError};

/// Claim of the Swedish OIDC profile that carries the personal identity number.
pub const DEFAULT_IDENTITY_CLAIM: &str = "https://id.oidc.se/claim/personalIdentityNumber";

/// Scopes asked for: the Swedish profile's scope for a natural person's number, plus names.
pub const SCOPE: &str = "openid profile https://id.oidc.se/scope/naturalPersonNumber";

/// Clock skew tolerated between the provider and the edge, in seconds.
pub const LEEWAY_SECS: i64 = 60;

/// The Swedish e-ID framework's assurance level 3 (substantial), the level health data needs.
pub const LOA3: &str = "http://id.elegnamnden.se/loa/1.0/loa3";

/// A provider's keys (and discovery document) are fetched again after this many seconds.
pub const KEYS_TTL_SECS: i64 = 60 * 60;

/// A token naming an unknown `kid` makes the edge fetch the keys again at most this often.
pub const UNKNOWN_KID_REFETCH_SECS: i64 = 60;

/// Whether keys fetched at `fetched_at` may still be used at `now`.
pub fn keys_fresh(fetched_at: i64, now: i64) -> bool {
    (fetched_at..fetched_at + KEYS_TTL_SECS).contains(&now)
}

/// Whether an unknown `kid` may trigger a fetch at `now`, the last one forced at `last`.
/// Anyone can send tokens with made-up key ids; they must not make the edge hammer the
/// provider.
pub fn may_refetch_for_unknown_kid(last: Option<i64>, now: i64) -> bool {
    last.is_none_or(|last| now - last >= UNKNOWN_KID_REFETCH_SECS || now < last)
}

/// A login in progress lasts at most this long, in seconds: as long as its cookie lives, as
/// the notices' cookie table states it.
pub const LOGIN_TIMEOUT_SECS: i64 = samtycke_visitor::own_storage::LOGIN_SECS;

/// Why a login is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OidcError {
    /// Not a JWS compact serialization of JSON.
    #[error("the ID token is malformed")]
    Malformed,
    /// An algorithm other than RS256 or EdDSA (including `none`).
    #[error("the ID token's algorithm `{0}` is not accepted")]
    UnsupportedAlgorithm(String),
    /// No key of the provider's JWKS matches the token's `kid` and algorithm.
    #[error("no key of the provider signs with this key id")]
    UnknownKey,
    /// The signature does not verify.
    #[error("the ID token's signature does not verify")]
    BadSignature,
    /// `iss` is not the configured provider.
    #[error("the ID token was issued by another provider")]
    WrongIssuer,
    /// `aud`/`azp` do not name this client.
    #[error("the ID token is meant for another client")]
    WrongAudience,
    /// Past `exp`.
    #[error("the ID token has expired")]
    Expired,
    /// `iat` in the future.
    #[error("the ID token is issued in the future")]
    NotYetValid,
    /// `nonce` differs from the one this login sent.
    #[error("the ID token's nonce does not match this login")]
    WrongNonce,
    /// A claim the login needs is absent.
    #[error("the ID token has no `{0}` claim")]
    MissingClaim(String),
    /// The personal identity number claim is not a valid number.
    #[error("{0}")]
    IdentityNumber(#[from] IdentityNumberError),
    /// The header lists `crit` extensions, none of which this verifier implements.
    #[error("the ID token demands extensions this service does not implement (`crit`)")]
    UnsupportedCritical,
    /// An RSA key under 2048 bits.
    #[error("the provider's RSA key is shorter than 2048 bits")]
    WeakKey,
    /// `auth_time` missing or from before this login began: an earlier person's e-ID session.
    #[error("the e-ID login is older than this login attempt; log in again")]
    StaleAuthentication,
    /// `acr` is not the assurance level the service requires.
    #[error("the e-ID login's assurance level is not the required `{0}`")]
    WrongAssuranceLevel(String),
    /// The callback's `state` is not this login's, or the login timed out.
    #[error("the login's state does not match or it took too long; log in again")]
    StateMismatch,
}

/// The parts of a provider's discovery document the relying party uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMetadata {
    /// The provider's issuer identifier.
    pub issuer: String,
    /// Where the browser goes to log in.
    pub authorization_endpoint: String,
    /// Where the edge exchanges the code.
    pub token_endpoint: String,
    /// The provider's signing keys.
    pub jwks_uri: String,
}

/// A JSON Web Key, public parts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Key type: `RSA` or `OKP`.
    pub kty: String,
    /// Key id.
    #[serde(default)]
    pub kid: Option<String>,
    /// Algorithm the key is for, if stated.
    #[serde(default)]
    pub alg: Option<String>,
    /// Intended use, if stated (`sig` or `enc`).
    #[serde(default, rename = "use")]
    pub use_: Option<String>,
    /// RSA modulus.
    #[serde(default)]
    pub n: Option<String>,
    /// RSA exponent.
    #[serde(default)]
    pub e: Option<String>,
    /// OKP curve.
    #[serde(default)]
    pub crv: Option<String>,
    /// OKP public key.
    #[serde(default)]
    pub x: Option<String>,
}

/// A provider's JSON Web Key Set.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Jwks {
    /// The keys.
    pub keys: Vec<Jwk>,
}

/// State kept in a signed cookie between sending the browser to the provider and its return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogin {
    /// Echoed by the provider; ties the callback to this browser.
    pub state: String,
    /// Must come back inside the ID token.
    pub nonce: String,
    /// PKCE code verifier.
    pub verifier: String,
    /// When the login started, Unix seconds.
    pub started: i64,
}

impl PendingLogin {
    /// A login from 96 fresh random bytes (32 each for state, nonce and verifier).
    pub fn new(random: &[u8; 96], now: i64) -> Self {
        Self {
            state: URL_SAFE_NO_PAD.encode(&random[..32]),
            nonce: URL_SAFE_NO_PAD.encode(&random[32..64]),
            verifier: URL_SAFE_NO_PAD.encode(&random[64..]),
            started: now,
        }
    }

    /// The PKCE S256 code challenge for [`Self::verifier`].
    pub fn code_challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.verifier.as_bytes()))
    }

    /// The authorization request URL. `prompt=login` and `max_age=0`: every login is a fresh
    /// e-ID login (the ID token's `auth_time` proves it); `acr_values` asks for the assurance
    /// level the service requires.
    pub fn authorization_url(
        &self,
        provider: &ProviderMetadata,
        client_id: &str,
        redirect_uri: &str,
        acr: Option<&str>,
    ) -> String {
        let challenge = self.code_challenge();
        let mut params = vec![
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", redirect_uri),
            ("scope", SCOPE),
            ("state", &self.state),
            ("nonce", &self.nonce),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
            ("prompt", "login"),
            ("max_age", "0"),
        ];
        if let Some(acr) = acr {
            params.push(("acr_values", acr));
        }
        let query: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect();
        let separator = if provider.authorization_endpoint.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{separator}{}",
            provider.authorization_endpoint,
            query.join("&")
        )
    }

    /// Whether the callback's `state` belongs to this login and it is still fresh.
    pub fn check_callback(&self, state: &str, now: i64) -> Result<(), OidcError> {
        use subtle::ConstantTimeEq;
        let same: bool = self.state.as_bytes().ct_eq(state.as_bytes()).into();
        if !same || now - self.started > LOGIN_TIMEOUT_SECS || now < self.started - LEEWAY_SECS {
            return Err(OidcError::StateMismatch);
        }
        Ok(())
    }
}

/// `application/x-www-form-urlencoded` encoding of one value (RFC 3986 unreserved kept).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Body of the token request exchanging `code` (form-encoded, with the PKCE verifier).
pub fn token_request_body(code: &str, redirect_uri: &str, verifier: &str) -> String {
    format!(
        "grant_type=authorization_code&code={}&redirect_uri={}&code_verifier={}",
        percent_encode(code),
        percent_encode(redirect_uri),
        percent_encode(verifier)
    )
}

/// `Authorization` header value for `client_secret_basic` (RFC 6749 §2.3.1: both parts
/// form-encoded before base64).
pub fn client_basic_auth(client_id: &str, client_secret: &str) -> String {
    let pair = format!(
        "{}:{}",
        percent_encode(client_id),
        percent_encode(client_secret)
    );
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

/// The parts of the token endpoint's answer the relying party uses.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenResponse {
    /// The ID token (JWS).
    pub id_token: String,
}

/// What the ID token must say.
#[derive(Debug, Clone)]
pub struct Expected<'a> {
    /// The configured issuer.
    pub issuer: &'a str,
    /// This relying party's client id.
    pub client_id: &'a str,
    /// The nonce this login sent; `None` for tokens that carry none (Cloudflare Access).
    pub nonce: Option<&'a str>,
    /// Now, Unix seconds.
    pub now: i64,
    /// When this login began: the e-ID authentication (`auth_time`) must not be older.
    /// `None` for tokens that are not a fresh login (Cloudflare Access).
    pub authenticated_since: Option<i64>,
    /// The assurance level (`acr`) the token must carry, if the service requires one.
    pub acr: Option<&'a str>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
    /// Extensions the verifier must understand; none are implemented, so any is refused.
    #[serde(default)]
    crit: Option<Value>,
}

/// A signed JWT (an ID token, or a Cloudflare Access token) read and matched to the key of
/// the provider's JWKS that signs it: its signature not yet checked, its claims not yet read.
#[derive(Debug)]
pub struct SignedToken<'a> {
    alg: Algorithm,
    key: &'a Jwk,
    signed: &'a [u8],
    signature: Vec<u8>,
    payload_b64: &'a str,
}

/// What the runtime's RSA must check for an RS256 token: RSASSA-PKCS1-v1_5 with SHA-256 of
/// `signed`, under the JWK's modulus `n` and exponent `e` (base64url, as the JWK has them).
/// The Worker checks it with WebCrypto, so it carries no RSA code of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rs256<'a> {
    /// The modulus, base64url; at least 2048 bits (checked by [`SignedToken::rs256`]).
    pub n: &'a str,
    /// The public exponent, base64url.
    pub e: &'a str,
    /// The bytes the signature covers: the token's header and payload, as sent.
    pub signed: &'a [u8],
    /// The signature.
    pub signature: &'a [u8],
}

/// Read a signed JWT and find the key that signs it. Refuses what is malformed, names an
/// algorithm other than RS256 or EdDSA, demands `crit` extensions, or names no known key.
pub fn read_token<'a>(token: &'a str, jwks: &'a Jwks) -> Result<SignedToken<'a>, OidcError> {
    let mut parts = token.split('.');
    let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(OidcError::Malformed);
    };
    let decode = |s: &str| URL_SAFE_NO_PAD.decode(s).map_err(|_| OidcError::Malformed);
    let header: Header =
        serde_json::from_slice(&decode(header_b64)?).map_err(|_| OidcError::Malformed)?;
    let signature = decode(signature_b64)?;
    let signed = &token.as_bytes()[..header_b64.len() + 1 + payload_b64.len()];
    if header.crit.is_some() {
        return Err(OidcError::UnsupportedCritical);
    }
    let alg = Algorithm::named(&header.alg)?;
    let key = find_key(jwks, alg, &header)?;
    Ok(SignedToken {
        alg,
        key,
        signed,
        signature,
        payload_b64,
    })
}

impl SignedToken<'_> {
    /// For an RS256 token, what the runtime's RSA must check; `None` for EdDSA, which
    /// [`Self::claims`] checks itself. A key under 2048 bits is refused here.
    pub fn rs256(&self) -> Result<Option<Rs256<'_>>, OidcError> {
        if self.alg != Algorithm::Rs256 {
            return Ok(None);
        }
        let (Some(n), Some(e)) = (self.key.n.as_deref(), self.key.e.as_deref()) else {
            return Err(OidcError::UnknownKey);
        };
        let modulus = URL_SAFE_NO_PAD
            .decode(n)
            .map_err(|_| OidcError::UnknownKey)?;
        if bit_length(&modulus) < 2048 {
            return Err(OidcError::WeakKey);
        }
        Ok(Some(Rs256 {
            n,
            e,
            signed: self.signed,
            signature: &self.signature,
        }))
    }

    /// The token's claims, checked against `expected`, once its signature holds: an EdDSA
    /// signature is verified here; for RS256, `rs256_verified` is the runtime's verdict on
    /// [`Self::rs256`] (and is not read for EdDSA).
    pub fn claims(
        self,
        rs256_verified: bool,
        expected: &Expected<'_>,
    ) -> Result<Map<String, Value>, OidcError> {
        match self.alg {
            Algorithm::Rs256 if !rs256_verified => return Err(OidcError::BadSignature),
            Algorithm::Rs256 => {}
            Algorithm::EdDsa => verify_eddsa(self.key, self.signed, &self.signature)?,
        }
        let payload = URL_SAFE_NO_PAD
            .decode(self.payload_b64)
            .map_err(|_| OidcError::Malformed)?;
        let claims: Map<String, Value> =
            serde_json::from_slice(&payload).map_err(|_| OidcError::Malformed)?;
        check_claims(&claims, expected)?;
        Ok(claims)
    }
}

/// Bits of a big-endian unsigned number, leading zero bytes and bits not counted.
fn bit_length(bytes: &[u8]) -> usize {
    match bytes.iter().position(|&b| b != 0) {
        Some(first) => (bytes.len() - first) * 8 - bytes[first].leading_zeros() as usize,
        None => 0,
    }
}

/// Verify a signed JWT and return its claims, RS256 checked by the `rsa` crate: for the
/// native tools, tests and fuzzing. The Worker checks RS256 with WebCrypto instead
/// ([`read_token`], [`SignedToken::rs256`], [`SignedToken::claims`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn verify_id_token(
    token: &str,
    jwks: &Jwks,
    expected: &Expected<'_>,
) -> Result<Map<String, Value>, OidcError> {
    let signed = read_token(token, jwks)?;
    let rs256_verified = match signed.rs256()? {
        Some(input) => verify_rs256(&input),
        None => false,
    };
    signed.claims(rs256_verified, expected)
}

/// The signature algorithms accepted, each with its JWK key type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    Rs256,
    EdDsa,
}

impl Algorithm {
    /// The algorithm a JWS header names, if it is accepted (never `none`).
    fn named(alg: &str) -> Result<Self, OidcError> {
        match alg {
            "RS256" => Ok(Self::Rs256),
            "EdDSA" => Ok(Self::EdDsa),
            other => Err(OidcError::UnsupportedAlgorithm(other.to_owned())),
        }
    }

    fn key_type(self) -> &'static str {
        match self {
            Self::Rs256 => "RSA",
            Self::EdDsa => "OKP",
        }
    }
}

fn find_key<'a>(jwks: &'a Jwks, alg: Algorithm, header: &Header) -> Result<&'a Jwk, OidcError> {
    let mut candidates = jwks.keys.iter().filter(|k| {
        k.kty == alg.key_type()
            && k.use_.as_deref().is_none_or(|u| u == "sig")
            && k.alg.as_deref().is_none_or(|a| a == header.alg)
    });
    match &header.kid {
        Some(kid) => candidates.find(|k| k.kid.as_deref() == Some(kid)),
        None => candidates.next(),
    }
    .ok_or(OidcError::UnknownKey)
}

/// Whether `input`'s RS256 signature verifies, by the `rsa` crate (native builds only).
#[cfg(not(target_arch = "wasm32"))]
fn verify_rs256(input: &Rs256<'_>) -> bool {
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::signature::Verifier;
    use rsa::{BigUint, RsaPublicKey};
    let number = |v: &str| {
        URL_SAFE_NO_PAD
            .decode(v)
            .ok()
            .map(|b| BigUint::from_bytes_be(&b))
    };
    let (Some(n), Some(e)) = (number(input.n), number(input.e)) else {
        return false;
    };
    let (Ok(public), Ok(signature)) = (
        RsaPublicKey::new(n, e),
        Signature::try_from(input.signature),
    ) else {
        return false;
    };
    VerifyingKey::<Sha256>::new(public)
        .verify(input.signed, &signature)
        .is_ok()
}

fn verify_eddsa(key: &Jwk, signed: &[u8], signature: &[u8]) -> Result<(), OidcError> {
    use ed25519_dalek::{Signature, Verifier, VerifyingKey};
    if key.crv.as_deref() != Some("Ed25519") {
        return Err(OidcError::UnknownKey);
    }
    let bytes: [u8; 32] = key
        .x
        .as_deref()
        .and_then(|x| URL_SAFE_NO_PAD.decode(x).ok())
        .and_then(|b| b.try_into().ok())
        .ok_or(OidcError::UnknownKey)?;
    let public = VerifyingKey::from_bytes(&bytes).map_err(|_| OidcError::UnknownKey)?;
    let signature = Signature::from_slice(signature).map_err(|_| OidcError::BadSignature)?;
    public
        .verify(signed, &signature)
        .map_err(|_| OidcError::BadSignature)
}

fn check_claims(claims: &Map<String, Value>, expected: &Expected<'_>) -> Result<(), OidcError> {
    let string = |name: &str| claims.get(name).and_then(Value::as_str);
    let number = |name: &str| {
        claims
            .get(name)
            .and_then(Value::as_i64)
            .ok_or_else(|| OidcError::MissingClaim(name.to_owned()))
    };
    if string("iss") != Some(expected.issuer) {
        return Err(OidcError::WrongIssuer);
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.as_str()],
        Some(Value::Array(auds)) => auds.iter().filter_map(Value::as_str).collect(),
        _ => return Err(OidcError::MissingClaim("aud".into())),
    };
    if !audiences.contains(&expected.client_id)
        || (audiences.len() > 1 && string("azp") != Some(expected.client_id))
        || string("azp").is_some_and(|azp| azp != expected.client_id)
    {
        return Err(OidcError::WrongAudience);
    }
    if expected.now > number("exp")? + LEEWAY_SECS {
        return Err(OidcError::Expired);
    }
    if number("iat")? > expected.now + LEEWAY_SECS {
        return Err(OidcError::NotYetValid);
    }
    if claims.contains_key("nbf") && number("nbf")? > expected.now + LEEWAY_SECS {
        return Err(OidcError::NotYetValid);
    }
    if let Some(since) = expected.authenticated_since {
        let auth_time = number("auth_time").map_err(|_| OidcError::StaleAuthentication)?;
        if auth_time < since - LEEWAY_SECS || auth_time > expected.now + LEEWAY_SECS {
            return Err(OidcError::StaleAuthentication);
        }
    }
    if let Some(required) = expected.acr
        && string("acr") != Some(required)
    {
        return Err(OidcError::WrongAssuranceLevel(required.to_owned()));
    }
    if let Some(expected_nonce) = expected.nonce {
        let nonce = string("nonce").ok_or_else(|| OidcError::MissingClaim("nonce".into()))?;
        use subtle::ConstantTimeEq;
        if !bool::from(nonce.as_bytes().ct_eq(expected_nonce.as_bytes())) {
            return Err(OidcError::WrongNonce);
        }
    }
    Ok(())
}

/// The personal identity number in claim `claim` of verified ID token claims.
pub fn identity_number(
    claims: &Map<String, Value>,
    claim: &str,
) -> Result<IdentityNumber, OidcError> {
    let value = claims
        .get(claim)
        .and_then(Value::as_str)
        .ok_or_else(|| OidcError::MissingClaim(claim.to_owned()))?;
    Ok(IdentityNumber::parse(value)?)
}

/// The name to greet the person with: `name`, or given and family name, or nothing.
pub fn display_name(claims: &Map<String, Value>) -> String {
    let get = |k: &str| claims.get(k).and_then(Value::as_str).unwrap_or("").trim();
    match get("name") {
        "" => format!("{} {}", get("given_name"), get("family_name"))
            .trim()
            .to_owned(),
        name => name.to_owned(),
    }
}

// Natively only: RS256 vectors are checked by the `rsa` crate, which the wasm build leaves out.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use ed25519_dalek::Signer;

    const ISSUER: &str = "http://127.0.0.1:9000";
    const VECTOR: &str = include_str!("../tests/data/rs256-id-token.txt");

    fn rs256() -> (Jwks, String) {
        let mut lines = VECTOR.lines();
        let jwks = serde_json::from_str(lines.next().expect("jwks line")).expect("jwks");
        (jwks, lines.next().expect("token line").to_owned())
    }

    fn expected(now: i64) -> Expected<'static> {
        Expected {
            issuer: ISSUER,
            client_id: "samtycke",
            nonce: Some("n-123"),
            now,
            authenticated_since: None,
            acr: None,
        }
    }

    /// A header of our own choosing over the same payload, signed.
    fn eddsa_with_header(header: Value, claims: Value) -> (Jwks, String) {
        let (jwks, _) = eddsa_token(json!({}));
        let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = URL_SAFE_NO_PAD.encode(key.sign(signed.as_bytes()).to_bytes());
        (jwks, format!("{signed}.{signature}"))
    }

    fn eddsa_token(claims: Value) -> (Jwks, String) {
        let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        let jwk = Jwk {
            kty: "OKP".into(),
            kid: Some("ed".into()),
            alg: Some("EdDSA".into()),
            use_: Some("sig".into()),
            n: None,
            e: None,
            crv: Some("Ed25519".into()),
            x: Some(URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes())),
        };
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"EdDSA","kid":"ed"}"#);
        let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signed = format!("{header}.{payload}");
        let signature = URL_SAFE_NO_PAD.encode(key.sign(signed.as_bytes()).to_bytes());
        (Jwks { keys: vec![jwk] }, format!("{signed}.{signature}"))
    }

    fn claims() -> Value {
        serde_json::json!({
            "iss": ISSUER, "aud": "samtycke", "sub": "u1", "nonce": "n-123",
            "iat": 1_000, "exp": 1_600, DEFAULT_IDENTITY_CLAIM: "191212121212",
            "given_name": "Tolvan", "family_name": "Tolvansson"
        })
    }

    #[test]
    fn rs256_token_from_a_real_key_verifies() {
        let (jwks, token) = rs256();
        let claims = verify_id_token(&token, &jwks, &expected(1_795_000_100)).expect("valid");
        let number = identity_number(&claims, DEFAULT_IDENTITY_CLAIM).expect("number");
        assert_eq!(number.as_str(), "191212121212");
        assert_eq!(display_name(&claims), "Tolvan Tolvansson");
    }

    #[test]
    fn an_rs256_token_is_refused_unless_the_runtime_verified_its_signature() {
        let (jwks, token) = rs256();
        let signed = read_token(&token, &jwks).expect("reads");
        let input = signed.rs256().expect("a strong key").expect("RS256");
        assert_eq!(
            input.signed,
            token.rsplit_once('.').expect("three parts").0.as_bytes()
        );
        assert!(verify_rs256(&input), "the vector's signature holds");
        assert_eq!(
            signed.claims(false, &expected(1_795_000_100)),
            Err(OidcError::BadSignature)
        );
        let signed = read_token(&token, &jwks).expect("reads");
        assert!(signed.claims(true, &expected(1_795_000_100)).is_ok());
    }

    #[test]
    fn bit_lengths_count_from_the_highest_set_bit() {
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[0, 0]), 0);
        assert_eq!(bit_length(&[0, 1]), 1);
        assert_eq!(bit_length(&[0x80, 0]), 16);
        assert_eq!(bit_length(&[0, 0x7f, 0xff]), 15);
    }

    #[test]
    fn rs256_token_with_changed_payload_is_refused() {
        let (jwks, token) = rs256();
        let parts: Vec<&str> = token.split('.').collect();
        let mut payload: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
        payload[DEFAULT_IDENTITY_CLAIM] = "198112289874".into();
        let forged = format!(
            "{}.{}.{}",
            parts[0],
            URL_SAFE_NO_PAD.encode(payload.to_string()),
            parts[2]
        );
        assert_eq!(
            verify_id_token(&forged, &jwks, &expected(1_795_000_100)),
            Err(OidcError::BadSignature)
        );
    }

    #[test]
    fn eddsa_token_verifies_and_every_claim_is_checked() {
        let (jwks, token) = eddsa_token(claims());
        assert!(verify_id_token(&token, &jwks, &expected(1_100)).is_ok());
        let cases = [
            (
                Expected {
                    issuer: "https://other",
                    ..expected(1_100)
                },
                OidcError::WrongIssuer,
            ),
            (
                Expected {
                    client_id: "other",
                    ..expected(1_100)
                },
                OidcError::WrongAudience,
            ),
            (
                Expected {
                    nonce: Some("n-999"),
                    ..expected(1_100)
                },
                OidcError::WrongNonce,
            ),
            (expected(1_600 + LEEWAY_SECS + 1), OidcError::Expired),
            (expected(1_000 - LEEWAY_SECS - 1), OidcError::NotYetValid),
        ];
        for (expect, error) in cases {
            assert_eq!(verify_id_token(&token, &jwks, &expect), Err(error));
        }
    }

    use serde_json::json;

    #[test]
    fn cached_keys_expire_and_unknown_kids_refetch_at_most_once_a_minute() {
        assert!(keys_fresh(1_000, 1_000));
        assert!(keys_fresh(1_000, 1_000 + KEYS_TTL_SECS - 1));
        assert!(!keys_fresh(1_000, 1_000 + KEYS_TTL_SECS));
        assert!(
            !keys_fresh(1_000, 999),
            "a clock that went back does not keep keys forever"
        );
        assert!(may_refetch_for_unknown_kid(None, 5));
        assert!(!may_refetch_for_unknown_kid(Some(1_000), 1_059));
        assert!(may_refetch_for_unknown_kid(Some(1_000), 1_060));
    }

    #[test]
    fn not_before_in_the_future_is_refused() {
        let mut c = claims();
        c["nbf"] = json!(1_300);
        let (jwks, token) = eddsa_token(c);
        assert_eq!(
            verify_id_token(&token, &jwks, &expected(1_100)),
            Err(OidcError::NotYetValid)
        );
        assert!(verify_id_token(&token, &jwks, &expected(1_300)).is_ok());
    }

    #[test]
    fn critical_header_extensions_are_refused() {
        let (jwks, token) = eddsa_with_header(
            json!({"alg": "EdDSA", "kid": "ed", "crit": ["exp"], "exp": 1}),
            claims(),
        );
        assert_eq!(
            verify_id_token(&token, &jwks, &expected(1_100)),
            Err(OidcError::UnsupportedCritical)
        );
        let (jwks, token) = eddsa_with_header(json!({"alg": "EdDSA", "kid": "ed"}), claims());
        assert!(verify_id_token(&token, &jwks, &expected(1_100)).is_ok());
    }

    #[test]
    fn rsa_keys_under_2048_bits_are_refused() {
        use rsa::traits::PublicKeyParts;
        let (jwks, token) = rs256();
        let mut weak = jwks.clone();
        // The same key's modulus cut to 1024 bits: refused for its size, before any signature check.
        let n = URL_SAFE_NO_PAD
            .decode(weak.keys[0].n.as_deref().expect("n"))
            .expect("b64");
        weak.keys[0].n = Some(URL_SAFE_NO_PAD.encode(&n[..128]));
        let claims: Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(token.split('.').nth(1).expect("payload"))
                .expect("b64"),
        )
        .expect("json");
        let at = claims["iat"].as_i64().expect("iat");
        let plain = Expected {
            issuer: claims["iss"].as_str().expect("iss"),
            client_id: "ignored",
            nonce: None,
            now: at,
            authenticated_since: None,
            acr: None,
        };
        assert_eq!(
            verify_id_token(&token, &weak, &plain),
            Err(OidcError::WeakKey)
        );
        let full = rsa::BigUint::from_bytes_be(&n);
        let key = rsa::RsaPublicKey::new(full, rsa::BigUint::from(65_537u32)).expect("key");
        assert!(key.n().bits() >= 2048);
    }

    #[test]
    fn an_older_e_id_login_or_a_lower_assurance_level_is_refused() {
        let mut c = claims();
        c["auth_time"] = json!(1_000);
        c["acr"] = json!(LOA3);
        let (jwks, token) = eddsa_token(c.clone());
        let strict = Expected {
            authenticated_since: Some(1_000),
            acr: Some(LOA3),
            ..expected(1_100)
        };
        assert!(verify_id_token(&token, &jwks, &strict).is_ok());
        // The provider reused an e-ID session from before this login began (a shared computer).
        let later = Expected {
            authenticated_since: Some(1_000 + LEEWAY_SECS + 1),
            ..strict.clone()
        };
        assert_eq!(
            verify_id_token(&token, &jwks, &later),
            Err(OidcError::StaleAuthentication)
        );
        let mut no_time = c.clone();
        no_time.as_object_mut().expect("object").remove("auth_time");
        let (jwks2, token2) = eddsa_token(no_time);
        assert_eq!(
            verify_id_token(&token2, &jwks2, &strict),
            Err(OidcError::StaleAuthentication)
        );
        let mut low = c;
        low["acr"] = json!("http://id.elegnamnden.se/loa/1.0/loa2");
        let (jwks3, token3) = eddsa_token(low);
        assert_eq!(
            verify_id_token(&token3, &jwks3, &strict),
            Err(OidcError::WrongAssuranceLevel(LOA3.into()))
        );
    }

    #[test]
    fn unsigned_and_unknown_key_tokens_are_refused() {
        let (jwks, token) = eddsa_token(claims());
        let payload = token.split('.').nth(1).expect("payload");
        let none = format!("{}.{payload}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#));
        assert_eq!(
            verify_id_token(&none, &jwks, &expected(1_100)),
            Err(OidcError::UnsupportedAlgorithm("none".into()))
        );
        let (other_jwks, _) = rs256();
        assert_eq!(
            verify_id_token(&token, &other_jwks, &expected(1_100)),
            Err(OidcError::UnknownKey)
        );
        assert_eq!(
            verify_id_token("a.b", &jwks, &expected(1_100)),
            Err(OidcError::Malformed)
        );
    }

    #[test]
    fn tokens_without_nonce_pass_only_when_none_is_expected() {
        let mut c = claims();
        c.as_object_mut().expect("object").remove("nonce");
        let (jwks, token) = eddsa_token(c);
        let access = Expected {
            nonce: None,
            ..expected(1_100)
        };
        assert!(verify_id_token(&token, &jwks, &access).is_ok());
        assert_eq!(
            verify_id_token(&token, &jwks, &expected(1_100)),
            Err(OidcError::MissingClaim("nonce".into()))
        );
    }

    #[test]
    fn audience_lists_need_this_client_as_azp() {
        let mut c = claims();
        c["aud"] = serde_json::json!(["samtycke", "other"]);
        let (jwks, token) = eddsa_token(c.clone());
        assert_eq!(
            verify_id_token(&token, &jwks, &expected(1_100)),
            Err(OidcError::WrongAudience)
        );
        c["azp"] = "samtycke".into();
        let (jwks, token) = eddsa_token(c);
        assert!(verify_id_token(&token, &jwks, &expected(1_100)).is_ok());
    }

    #[test]
    fn invalid_identity_number_claim_is_refused() {
        let mut c = claims();
        c[DEFAULT_IDENTITY_CLAIM] = "191212121213".into();
        let (jwks, token) = eddsa_token(c);
        let claims = verify_id_token(&token, &jwks, &expected(1_100)).expect("valid token");
        assert_eq!(
            identity_number(&claims, DEFAULT_IDENTITY_CLAIM),
            Err(OidcError::IdentityNumber(IdentityNumberError::CheckDigit))
        );
        assert!(matches!(
            identity_number(&claims, "pnr"),
            Err(OidcError::MissingClaim(_))
        ));
    }

    #[test]
    fn pkce_challenge_is_base64url_sha256_of_the_verifier() {
        let mut login = PendingLogin::new(&[0; 96], 0);
        login.verifier = "dBjftJeZ4CK-iB1ZXIv5ZR_wU0nDN3vNq3J8ND5LZ9c".into();
        // Computed independently with Node's crypto.createHash("sha256").digest("base64url").
        assert_eq!(
            login.code_challenge(),
            "ci4RnlNQRY69T90d85vxAduZsFpk67HMUZQVz_kr8P4"
        );
        assert_eq!(login.verifier.len(), 43);
    }

    #[test]
    fn token_request_is_form_encoded_with_basic_client_auth() {
        assert_eq!(
            token_request_body("a b", "http://x/cb", "v"),
            "grant_type=authorization_code&code=a%20b&redirect_uri=http%3A%2F%2Fx%2Fcb&code_verifier=v"
        );
        // base64("samtycke:s%3Ecret")
        assert_eq!(
            client_basic_auth("samtycke", "s>cret"),
            "Basic c2FtdHlja2U6cyUzRWNyZXQ="
        );
    }

    #[test]
    fn callback_state_must_match_and_be_fresh() {
        let login = PendingLogin::new(&[1; 96], 1_000);
        assert_eq!(login.check_callback(&login.state, 1_100), Ok(()));
        assert_eq!(
            login.check_callback("other", 1_100),
            Err(OidcError::StateMismatch)
        );
        assert_eq!(
            login.check_callback(&login.state, 1_000 + LOGIN_TIMEOUT_SECS + 1),
            Err(OidcError::StateMismatch)
        );
    }

    #[test]
    fn authorization_url_carries_pkce_state_and_nonce() {
        let login = PendingLogin::new(&[2; 96], 0);
        let provider = ProviderMetadata {
            issuer: ISSUER.into(),
            authorization_endpoint: format!("{ISSUER}/auth"),
            token_endpoint: format!("{ISSUER}/token"),
            jwks_uri: format!("{ISSUER}/jwks"),
        };
        let url = login.authorization_url(
            &provider,
            "samtycke",
            "http://127.0.0.1:8787/auth/callback",
            Some(LOA3),
        );
        assert!(url.contains("&prompt=login&max_age=0&acr_values=http%3A%2F%2Fid.elegnamnden.se%2Floa%2F1.0%2Floa3"), "{url}");
        assert!(
            url.starts_with("http://127.0.0.1:9000/auth?response_type=code&client_id=samtycke")
        );
        assert!(url.contains("&redirect_uri=http%3A%2F%2F127.0.0.1%3A8787%2Fauth%2Fcallback"));
        assert!(url.contains(&format!(
            "&code_challenge={}&code_challenge_method=S256",
            login.code_challenge()
        )));
        assert!(url.contains(&format!("&state={}", login.state)));
        assert!(url.contains(&format!("&nonce={}", login.nonce)));
        assert!(url.contains(
            "scope=openid%20profile%20https%3A%2F%2Fid.oidc.se%2Fscope%2FnaturalPersonNumber"
        ));
    }
}
