//! The loader (`src/loader.js`) raises `incident-status:error` itself for the
//! failures that happen before the wasm runs. Its codes must be in the one
//! vocabulary the core documents, or hosts switching on codes miss them.

#[cfg(test)]
mod tests {
    use incident_feed::client::event::ERROR_CODES;

    #[test]
    fn every_code_the_loader_reports_is_in_the_core_vocabulary() {
        let loader = std::fs::read_to_string(crate::root().join("src/loader.js")).unwrap();
        let codes: Vec<&str> = loader
            .split("report(")
            .skip(1)
            .filter(|call| !call.starts_with("host, code"))
            .filter_map(|call| call.split('"').nth(1))
            .filter(|code| !code.contains(' '))
            .collect();
        assert!(codes.len() >= 2, "found the loader's report() calls: {codes:?}");
        for code in codes {
            assert!(ERROR_CODES.contains(&code), "loader.js reports {code:?}, which incident_feed::client::event::ERROR_CODES does not list");
        }
    }
}
