//! Where a patient's consent stands, as the Worker stores it and the patient app reads it.
//! The transitions between states are `samtycke-care`'s (`patient::Transitions`).

use serde::{Deserialize, Serialize};

/// Where a patient's consent stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PatientConsentState {
    /// Never asked: the first login.
    #[default]
    None,
    /// Given: certificates may be shown and processed.
    Given,
    /// Withdrawn: nothing is shown or processed until given again.
    Withdrawn,
}

impl PatientConsentState {
    /// The state as stored and sent: `none`, `given` or `withdrawn` (its JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Given => "given",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// The state named by [`Self::as_str`]'s text.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::None, Self::Given, Self::Withdrawn]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    /// Whether the patient's data may be shown and processed.
    pub fn allows_processing(self) -> bool {
        self == Self::Given
    }
}
