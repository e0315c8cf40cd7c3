//! Compiled for tests only: its parent declares it under #[cfg(test)].
