//! Who is at the keyboard: the operating system's account, read from the OS itself (the
//! password database, or Windows' logon session) and never from environment variables such as
//! `$USER`, which anyone can set. For the change history and a decision's "by".

/// The OS account: its login name, and the person's display name where the OS records one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OsUser {
    pub login: Option<String>,
    pub display: Option<String>,
}

impl OsUser {
    /// The account this process runs as.
    pub fn current() -> Self {
        let named = |name: whoami::Result<String>| {
            name.ok()
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty())
        };
        OsUser {
            login: named(whoami::username()),
            display: named(whoami::realname()),
        }
    }

    /// "Ada Example (ada)", "ada", or — where the OS will not say — "account unknown to the
    /// operating system".
    pub fn for_history(&self) -> String {
        match (&self.display, &self.login) {
            (Some(display), Some(login)) if display != login => format!("{display} ({login})"),
            (_, Some(login)) => login.clone(),
            (Some(display), None) => display.clone(),
            (None, None) => "account unknown to the operating system".to_owned(),
        }
    }

    /// How a clinician signs a decision by default: the display name, else the login.
    pub fn signature(&self) -> String {
        self.display
            .clone()
            .or_else(|| self.login.clone())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_names_the_person_and_the_account() {
        let user = |display: Option<&str>, login: Option<&str>| OsUser {
            login: login.map(str::to_owned),
            display: display.map(str::to_owned),
        };
        assert_eq!(
            user(Some("Ada Example"), Some("ada")).for_history(),
            "Ada Example (ada)"
        );
        assert_eq!(user(Some("ada"), Some("ada")).for_history(), "ada");
        assert_eq!(user(None, Some("ada")).for_history(), "ada");
        assert_eq!(user(None, None).signature(), "");
    }

    #[test]
    fn the_current_account_does_not_come_from_the_environment() {
        // Whatever $USER says, the account is the OS's.
        let before = OsUser::current();
        assert!(before.login.is_some(), "the OS names the account");
        assert_ne!(before.login.as_deref(), Some("someone-else-entirely"));
    }
}
