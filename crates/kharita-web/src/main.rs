//! Mounts the app; everything else is in the library.

fn main() {
    kharita_web::mount();
}
