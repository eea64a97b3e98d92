//! The JSON shape of the record is a public contract: these tests pin it.

use minutebook_record::*;

#[test]
fn kinds_and_roles_serialise_as_the_spec_spells_them() {
    let json = serde_json::to_value(ItemKind::PreviousMinutes).unwrap();
    assert_eq!(json, "previous-minutes");
    assert_eq!(serde_json::to_value(Role::ViceChair).unwrap(), "vice-chair");
    assert_eq!(serde_json::to_value(Role::CoOpted).unwrap(), "co-opted");
    assert_eq!(
        serde_json::to_value(DeclarationKind::OtherDisclosable).unwrap(),
        "other-disclosable"
    );
    assert_eq!(
        serde_json::to_value(ActionKind::WorkProgramme).unwrap(),
        "work-programme"
    );
}

#[test]
fn vote_for_field_is_named_for() {
    let vote = Vote {
        for_: Some(7),
        against: Some(7),
        casting_vote: true,
        ..Vote::default()
    };
    let json = serde_json::to_value(&vote).unwrap();
    assert_eq!(json["for"], 7);
    assert_eq!(json["casting_vote"], true);
}

#[test]
fn missing_span_is_omitted_and_present_span_is_an_array() {
    let mut person = Person::named("June Burns");
    let json = serde_json::to_value(&person).unwrap();
    assert!(json.get("span").is_none());
    person.span = Some([3, 13]);
    let json = serde_json::to_value(&person).unwrap();
    assert_eq!(json["span"], serde_json::json!([3, 13]));
}

#[test]
fn a_record_without_optional_fields_reads_with_defaults() {
    let m: Meeting =
        serde_json::from_str(r#"{"committee":"Cabinet","items":[{"title":"Minutes"}]}"#).unwrap();
    assert_eq!(m.schema, SCHEMA);
    assert_eq!(m.items[0].kind, ItemKind::Other);
    assert!(m.attendance.present.is_empty());
}
