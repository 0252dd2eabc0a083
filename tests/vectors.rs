//! Every test vector, natively.

mod common;

#[test]
fn every_vector_gives_its_code() {
    let (failures, count) = common::vectors::run_all();
    assert!(count >= 90, "only {count} vectors found");
    assert!(
        failures.is_empty(),
        "{} of {count} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
