//! text: normalizing labels and reading numbers. OWNED BY THE `recognize` HELPER — stub.
