//! testdocs: writes report documents for nianbao's tests, corpus and benchmark. (being written)
