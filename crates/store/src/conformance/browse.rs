//! Conformance of [`Browse`]: the web site's and the API's queries, and the
//! API registry that keeps deleted items visible. Run by every backend's
//! tests on a fresh archive.

use super::{document, rich_meeting};
use crate::Archive;
use crate::browse::{AttendanceOf, Cursor, MeetingOrder, MeetingQuery, Paging};
use minutebook_record::{MinutesStatus, Reference};

const AUTHORITY: &str = "testshire-county-council";
const COMMITTEE: &str = "testshire-county-council/browse-committee";

/// Every check, in order, on one archive.
pub async fn run_all(store: &dyn Archive) {
    lists_and_details(store).await;
    registry_keeps_deleted_items(store).await;
    paging_visits_everything_once(store).await;
}

async fn sync(store: &dyn Archive) -> usize {
    let mut deleted = 0;
    loop {
        let r = store.sync_registry(2).await.expect("sync registry");
        deleted += r.deleted_items;
        if r.changes == 0 {
            return deleted;
        }
    }
}

/// The queries behind the authority, committee, meeting and person pages.
pub async fn lists_and_details(store: &dyn Archive) {
    let mut jan = rich_meeting("Browse Committee", "2024-01-10", MinutesStatus::Final);
    jan.items[1].references = vec![Reference {
        minute: Some("9".into()),
        meeting_date: Some("2023-12-01".into()),
        text: "minute 9 of 1 December 2023".into(),
        span: None,
    }];
    let mar = rich_meeting("Browse Committee", "2024-03-10", MinutesStatus::Draft);
    let other = rich_meeting("Browse Other Panel", "2024-02-10", MinutesStatus::Final);
    store
        .write_batch(&[
            document("browse jan", jan),
            document("browse mar", mar),
            document("browse other", other),
        ])
        .await
        .expect("write");
    sync(store).await;

    let q = MeetingQuery {
        committee_id: Some(COMMITTEE.into()),
        ..MeetingQuery::default()
    };
    let rows = store.meeting_rows(&q).await.expect("meetings");
    let dates: Vec<_> = rows.iter().filter_map(|m| m.date.as_deref()).collect();
    assert_eq!(dates, ["2024-03-10", "2024-01-10"], "latest first");
    let m = &rows[0];
    assert_eq!(m.items, 3);
    assert_eq!(m.committee, "Browse Committee");
    assert_eq!(m.authority.as_deref(), Some("Testshire County Council"));
    assert_eq!(m.minutes_status, Some(MinutesStatus::Draft));
    assert!(!m.created.is_empty() && m.created <= m.modified, "{m:?}");
    let by_authority = MeetingQuery {
        authority_id: Some(AUTHORITY.into()),
        limit: Some(10),
        ..MeetingQuery::default()
    };
    assert_eq!(
        store.meeting_rows(&by_authority).await.expect("list").len(),
        3
    );

    let jan_id = format!("{COMMITTEE}/2024-01-10");
    let index = store.committee_index(COMMITTEE).await.expect("index");
    let keys: Vec<&str> = index.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["2024-01-10", "2024-03-10"], "date order");
    assert_eq!(index[0].date.as_deref(), Some("2024-01-10"));
    assert!(
        store
            .committee_index("no/such")
            .await
            .expect("index")
            .is_empty()
    );
    let known = store
        .known_meetings(&[jan_id.clone(), format!("{COMMITTEE}/1999-01-01")])
        .await
        .expect("known");
    assert_eq!(known.len(), 1, "only stored meetings: {known:?}");
    assert_eq!(
        known[&jan_id],
        [
            format!("{jan_id}/4"),
            format!("{jan_id}/5-24"),
            format!("{jan_id}/_3")
        ]
    );

    let a = store
        .authority(AUTHORITY)
        .await
        .expect("read")
        .expect("authority");
    assert_eq!(a.committees, 2);
    assert_eq!(a.first_date.as_deref(), Some("2024-01-10"));
    assert!(a.times.is_some(), "registered");
    assert!(store.authority("nowhere").await.expect("read").is_none());
    let committees = store
        .committee_rows(Some(AUTHORITY), None, 100)
        .await
        .expect("committees");
    let names: Vec<&str> = committees.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Browse Committee", "Browse Other Panel"]);
    assert_eq!(committees[0].meetings, 2);

    let c = store
        .committee(COMMITTEE)
        .await
        .expect("read")
        .expect("committee");
    assert_eq!(c.names.len(), 1);
    assert_eq!(c.meetings.len(), 2);
    let june = c
        .members
        .iter()
        .find(|m| m.name == "June Burns")
        .expect("June Burns is a member");
    assert_eq!((june.present, june.apologies, june.absent), (2, 0, 0));
    assert_eq!(june.roles, ["chair"]);
    let ann = c
        .members
        .iter()
        .find(|m| m.name == "Ann Other")
        .expect("Ann");
    assert_eq!(ann.substitute, 2);
    assert!(
        c.members
            .iter()
            .all(|m| m.name != "Di Guest" && m.name != "Fi Officer"),
        "officers are not members: {:?}",
        c.members
    );
    assert!(store.committee("no/such").await.expect("read").is_none());
    let row = store
        .committee_row(COMMITTEE)
        .await
        .expect("read")
        .expect("row");
    assert_eq!((row.name.as_str(), row.meetings), ("Browse Committee", 2));
    assert!(
        store
            .committee_row("no/such")
            .await
            .expect("read")
            .is_none()
    );

    let p = store
        .person(&format!("{AUTHORITY}/june-burns"))
        .await
        .expect("read")
        .expect("person");
    assert_eq!(p.person.name, "June Burns");
    assert_eq!(p.attendance.len(), 3, "{:?}", p.attendance);
    assert_eq!(p.attendance[0].date.as_deref(), Some("2024-03-10"));
    assert_eq!(p.attendance[0].role.as_deref(), Some("chair"));
    assert_eq!(p.declarations.len(), 3);
    assert_eq!(p.declarations[0].kind.as_deref(), Some("pecuniary"));
    let fi = store
        .person(&format!("{AUTHORITY}/fi-officer"))
        .await
        .expect("read")
        .expect("person");
    assert_eq!(fi.attendance[0].status, "in-attendance");
    assert!(
        fi.attendance[0]
            .item_id
            .as_deref()
            .is_some_and(|i| i.ends_with("/5-24")),
        "{:?}",
        fi.attendance[0]
    );

    let at = store
        .attendance(&AttendanceOf::Meeting(jan_id.clone()))
        .await
        .expect("attendance");
    assert_eq!(at.len(), 6);
    let all = store
        .attendance(&AttendanceOf::Committee(COMMITTEE.into()))
        .await
        .expect("attendance");
    assert_eq!(all.len(), 12);
    assert_eq!(all[0].meeting_id, jan_id, "meeting order");
}

/// An item that a new version of the minutes drops stays visible as
/// deleted, and is live again when a later version has it back.
pub async fn registry_keeps_deleted_items(store: &dyn Archive) {
    let id = format!("{AUTHORITY}/registry-panel/2024-05-05");
    let v1 = rich_meeting("Registry Panel", "2024-05-05", MinutesStatus::Draft);
    store
        .write_batch(&[document("registry v1", v1.clone())])
        .await
        .expect("v1");
    assert_eq!(sync(store).await, 0);
    let mut v2 = rich_meeting("Registry Panel", "2024-05-05", MinutesStatus::Final);
    v2.items.pop();
    store
        .write_batch(&[document("registry v2", v2)])
        .await
        .expect("v2");
    assert_eq!(sync(store).await, 1, "the unnumbered item was dropped");
    let gone = format!("{id}/_3");
    let d = store
        .deleted_item(&gone)
        .await
        .expect("read")
        .expect("deleted");
    assert_eq!(d.meeting_id, id);
    assert!(
        store
            .deleted_item(&format!("{id}/4"))
            .await
            .expect("read")
            .is_none()
    );
    let rows = store
        .item_rows(&Paging::default(), 10_000)
        .await
        .expect("items");
    let dead: Vec<_> = rows.iter().filter(|r| r.deleted).collect();
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(dead[0].id, gone);
    assert!(rows.iter().any(|r| r.id == format!("{id}/4") && !r.deleted));
    assert_eq!(sync(store).await, 0, "nothing new: nothing more deleted");

    let mut v3 = v1;
    v3.venue = Some("Back Room".into());
    store
        .write_batch(&[document("registry v3", v3)])
        .await
        .expect("v3");
    sync(store).await;
    assert!(
        store.deleted_item(&gone).await.expect("read").is_none(),
        "back"
    );
}

/// Keyset paging by (modified, id) lists every object once, and
/// `since` keeps only later writes.
pub async fn paging_visits_everything_once(store: &dyn Archive) {
    let mut seen = Vec::new();
    let mut paging = Paging::default();
    loop {
        let q = MeetingQuery {
            order: MeetingOrder::Modified(paging.clone()),
            limit: Some(2),
            ..MeetingQuery::default()
        };
        let page = store.meeting_rows(&q).await.expect("page");
        let Some(last) = page.last() else { break };
        paging.after = Some(Cursor {
            modified: last.modified.clone(),
            id: last.id.clone(),
        });
        seen.extend(page.into_iter().map(|m| m.id));
    }
    let total = store
        .meeting_rows(&MeetingQuery::default())
        .await
        .expect("all");
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), seen.len(), "no meeting twice: {seen:?}");
    assert_eq!(seen.len(), total.len());

    let mut items = Vec::new();
    let mut paging = Paging::default();
    loop {
        let page = store.item_rows(&paging, 4).await.expect("items");
        let Some(last) = page.last() else { break };
        paging.after = Some(Cursor {
            modified: last.modified.clone(),
            id: last.id.clone(),
        });
        items.extend(page.into_iter().map(|i| i.id));
    }
    let all = store
        .item_rows(&Paging::default(), 100_000)
        .await
        .expect("all");
    assert_eq!(items, all.iter().map(|i| i.id.clone()).collect::<Vec<_>>());

    let newest = total
        .iter()
        .map(|m| m.modified.clone())
        .max()
        .expect("some");
    let since = Paging {
        since: Some(newest.clone()),
        after: None,
    };
    let q = MeetingQuery {
        order: MeetingOrder::Modified(since.clone()),
        ..MeetingQuery::default()
    };
    let recent = store.meeting_rows(&q).await.expect("recent");
    assert!(!recent.is_empty() && recent.len() < total.len());
    assert!(recent.iter().all(|m| m.modified >= newest));
    let people = store
        .person_rows(&Paging::default(), 1000)
        .await
        .expect("people");
    assert!(people.iter().any(|p| p.name == "June Burns"));
    assert!(people.iter().all(|p| p.times.is_some()));
    let recent_people = store.person_rows(&since, 1000).await.expect("people");
    assert!(recent_people.len() <= people.len());
    let committees = store
        .committee_rows(None, Some(&Paging::default()), 1000)
        .await
        .expect("committees");
    assert!(committees.len() >= 3, "{committees:?}");
    let authorities = store
        .authorities(Some(&Paging::default()), 1000)
        .await
        .expect("authorities");
    assert_eq!(authorities.len(), 1);
}
