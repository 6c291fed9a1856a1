//! The `nianbao` binary: flags, fan-out, exit code. (being written)
fn main() {}
