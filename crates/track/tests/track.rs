//! The tracker: identity, references, the lifecycle, export, work
//! programmes, persistence on both backends, and accuracy on known truth.

use minutebook_store::tracking::ActionStatus;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2030, 1, 1).expect("date")
}

mod accuracy {
    use super::*;
    use minutebook_track::eval;

    #[test]
    fn synthetic_histories_meet_the_bar() {
        let cfg = minutebook_synth::SynthConfig {
            councils: 6,
            years: 2,
            seed: 11,
            ..minutebook_synth::SynthConfig::default()
        };
        let generated: Vec<_> = minutebook_synth::meetings(&cfg).collect();
        let truth = eval::truth(&generated);
        let mut actions = Vec::new();
        let mut links = Vec::new();
        for (authority, meetings) in eval::records(&generated) {
            let snap = minutebook_track::compute(&authority, &meetings, &[], today());
            actions.extend(snap.actions);
            links.extend(snap.links);
        }
        let s = eval::score(&truth, &actions, &links);
        println!("{}", s.report());
        assert!(s.truth > 300, "{}", s.truth);
        assert!(s.precision() >= 0.9, "{}", s.report());
        assert!(s.recall() >= 0.9, "{}", s.report());
        assert!(s.fine_accuracy() >= 0.9, "{}", s.report());
        assert_eq!(ActionStatus::parse("due"), Some(ActionStatus::Due));
    }
}
