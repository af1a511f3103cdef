//! The app's shared state and the one place a decision is carried out.

use leptos::prelude::*;
use samtycke_visitor::{Decision, Language, SiteConfig};
use samtycke_wire::ReceiptRequest;

use crate::{browser, enforcement, outbox, storage};

/// Shared by every component through Leptos context.
#[derive(Clone, Copy)]
pub struct ConsentState {
    /// The site configuration compiled into the app.
    pub config: &'static SiteConfig,
    /// The current decision; `None` while the visitor has not decided (banner shown).
    pub decision: RwSignal<Option<Decision>>,
    /// Language of the banner and dialog.
    pub language: RwSignal<Language>,
    /// Whether the settings dialog is open.
    pub settings_open: RwSignal<bool>,
}

impl ConsentState {
    /// State from what the device has stored; makes the page obey it (or the lack of one).
    pub fn load(config: &'static SiteConfig) -> Self {
        let decision = storage::load_decision(config, browser::now());
        match &decision {
            Some(decision) => enforcement::enforce(decision, config),
            None => enforcement::enforce_undecided(config),
        }
        enforcement::mark_decided(decision.is_some());
        outbox::flush();
        Self {
            config,
            decision: RwSignal::new(decision),
            language: RwSignal::new(browser::initial_language(
                storage::language_choice(),
                &config.languages,
                config.default_language,
            )),
            settings_open: RwSignal::new(false),
        }
    }

    /// Carry out a new decision: store it, make the page obey it, queue its receipt.
    pub fn decide(&self, decision: Decision) {
        let before = self.decision.get_untracked();
        storage::save_decision(&decision, self.config);
        enforcement::enforce(&decision, self.config);
        enforcement::mark_decided(true);
        outbox::enqueue(ReceiptRequest {
            visitor_key: storage::visitor_key(),
            choices: decision.choices.clone(),
            method: decision.method,
            language: decision.language,
            revision: decision.revision,
            previous_receipt_id: None,
        });
        // Under the edge's enforced consent policy the browser holds this page to the
        // decision it was loaded with: a different one takes effect on a fresh load.
        let reload = enforcement::page_policy_outdated(before.as_ref(), &decision, self.config);
        self.decision.set(Some(decision));
        if reload {
            browser::reload();
        }
    }

    /// The banner's and dialog's texts in the language shown.
    pub fn texts(&self) -> crate::i18n::BannerView<'static> {
        crate::i18n::texts(self.config, self.language.get())
    }

    /// Show `language` from now on, and remember it on this device.
    pub fn switch_language(&self, language: Language) {
        storage::save_language(language);
        self.language.set(language);
    }

    /// "Accept all".
    pub fn accept_all(&self) {
        let language = self.language.get_untracked();
        self.decide(Decision::accept_all(self.config, language, browser::now()));
    }

    /// "Only necessary".
    pub fn reject_all(&self) {
        let language = self.language.get_untracked();
        self.decide(Decision::reject_all(self.config, language, browser::now()));
    }
}
