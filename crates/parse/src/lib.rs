//! The minutes parser. (Being written.)
