//! Every test vector, natively: one named test each (`cargo test vectors::NAME`, NAME
//! the file's name without `.txt`), and one that no verdict lacks a vector.

mod common;

#[test]
fn every_vector_gives_its_code() {
    common::vectors::assert_every_vector_passes();
}

mod vectors {
    fn run_one(name: &str) {
        if let Err(e) = super::common::vectors::run_one(name) {
            panic!("{e}");
        }
    }

    include!(concat!(env!("OUT_DIR"), "/vector_tests.rs"));
}
