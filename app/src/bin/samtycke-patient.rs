//! Entry point of the patient pages (`/intyg`): the banner plus the patient pages. A separate
//! binary so that the banner on every other page does not download the patient code.

fn main() {
    console_error_panic_hook::set_once();
    samtycke_app::mount();
    samtycke_app::mount_patient_pages();
}
