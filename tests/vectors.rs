//! Every test vector, natively.

mod common;

#[test]
fn every_vector_gives_its_code() {
    common::vectors::assert_every_vector_passes();
}
