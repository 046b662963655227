//! The suite is sealed from the developer's configuration: what a test
//! starts, and libgit2 in the test process, see no global or system git
//! config and an empty HOME.

mod support;

#[test]
fn git_started_by_a_test_sees_no_global_or_system_config() {
    let out = support::command("git")
        .args(["config", "--list", "--show-origin", "--global"])
        .output()
        .expect("run git");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let out = support::command("git")
        .args(["config", "--list", "--show-origin", "--system"])
        .output()
        .expect("run git");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let home = support::command("sh")
        .args(["-c", "printf %s \"$HOME\""])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&home.stdout),
        support::sealed_home().to_string_lossy()
    );
}

#[test]
fn libgit2_in_the_test_process_sees_no_global_or_system_config() {
    support::seal();
    let repo = support::TestRepo::new();
    let config = repo.repo.config().unwrap();
    let mut origins = Vec::new();
    let mut entries = config.entries(None).unwrap();
    while let Some(entry) = entries.next() {
        let entry = entry.unwrap();
        if entry.level() != git2::ConfigLevel::Local {
            origins.push(format!(
                "{:?} {}",
                entry.level(),
                entry.name().unwrap_or("")
            ));
        }
    }
    assert_eq!(origins, Vec::<String>::new());
}
