//! Fuzz target: the ID-token verifier (reached by anyone who can make the provider's token
//! answer, or who sends an Access token) must never panic, and nothing arbitrary verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samtycke_auth::oidc::{Expected, Jwks, LOA3, verify_id_token};

const JWKS: &str = r#"{"keys":[
  {"kty":"OKP","crv":"Ed25519","kid":"ed","alg":"EdDSA","use":"sig","x":"iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w"},
  {"kty":"RSA","kid":"rsa","alg":"RS256","use":"sig","e":"AQAB","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw"}
]}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(jwks) = serde_json::from_str::<Jwks>(JWKS) else {
        return;
    };
    let expected = Expected {
        issuer: "https://idp.example",
        client_id: "samtycke",
        nonce: Some("n"),
        now: 1_800_000_000,
        authenticated_since: Some(1_799_999_000),
        acr: Some(LOA3),
    };
    assert!(
        verify_id_token(token, &jwks, &expected).is_err(),
        "an arbitrary token verified"
    );
});
