//! Synthetic councils. (Being written.)
