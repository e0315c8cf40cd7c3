//! URL and colour allowlists (SPEC section 7).
