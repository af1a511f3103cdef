//! Entry point of the browser app: install the panic hook and mount.

fn main() {
    console_error_panic_hook::set_once();
    samtycke_app::mount();
}
