//! The "Cookie settings" control on every page: reopens the settings dialog.

use leptos::prelude::*;

use crate::state::ConsentState;

/// A button that opens the settings, where a decision can be changed or withdrawn.
#[component]
pub fn Reopen() -> impl IntoView {
    let state = expect_context::<ConsentState>();
    view! {
        <p class="sc-reopen-wrap">
            <button type="button" class="sc-reopen" on:click=move |_| state.settings_open.set(true)>
                {move || state.texts().reopen()}
            </button>
        </p>
    }
}
