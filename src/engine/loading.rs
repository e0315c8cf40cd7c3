//! Which integrations the sidebar fetches itself (SPEC 5): those of the shown widgets whose data
//! was not given, one request each however many widgets use it, addressed as the host set up
//! (directly, or through its proxy).

use crate::engine::messages::Messages;
use crate::engine::request::{integration_request, HttpRequest, Proxy};
use crate::engine::vars::{Purpose, Scope};
use crate::model::{Context, Integration, Json, Page, Widget};

/// The request an integration would send now, or why it cannot be sent (shown in its widgets'
/// place).
pub type PlannedRequest = Result<HttpRequest, String>;

/// What the loader needs to know about the sidebar.
pub struct LoadInputs<'a> {
    pub widgets: &'a [Widget],
    pub page: Page,
    pub integrations: &'a [Integration],
    pub context: &'a Context,
    /// Whether the host gave an integration's data (then it is never fetched).
    pub given: &'a dyn Fn(&str) -> bool,
    pub proxy: Option<&'a Proxy>,
    pub messages: &'a Messages,
    pub tz_offset_minutes: i32,
}

/// The integrations the shown widgets need fetched (known, and their data not given), each once,
/// in the order of the widgets.
pub fn needed_integrations<'a>(
    widgets: &[Widget],
    page: Page,
    integrations: &'a [Integration],
    given: &dyn Fn(&str) -> bool,
) -> Vec<&'a Integration> {
    let mut out: Vec<&Integration> = Vec::new();
    for w in widgets.iter().filter(|w| w.template.is_ok() && w.shown_in(page)) {
        let Some(id) = w.integration_id.as_deref().filter(|id| !given(id)) else { continue };
        if let Some(i) = integrations.iter().find(|i| i.id == id) {
            if !out.iter().any(|o| o.id == i.id) {
                out.push(i);
            }
        }
    }
    out
}

/// The integrations to fetch, each once, with the request each would send now.
pub fn needed_requests(inputs: &LoadInputs) -> Vec<(String, PlannedRequest)> {
    needed_integrations(inputs.widgets, inputs.page, inputs.integrations, inputs.given)
        .into_iter()
        .map(|i| (i.id.clone(), plan(i, inputs)))
        .collect()
}

fn plan(integration: &Integration, inputs: &LoadInputs) -> PlannedRequest {
    let scope = Scope {
        data: &Json::Null,
        globals: inputs.context.globals().to_vec(),
        purpose: Purpose::Request,
        tz_offset_minutes: inputs.tz_offset_minutes,
    };
    integration_request(integration, &scope)
        .and_then(|out| out.addressed(inputs.proxy))
        .map_err(|e| e.describe(inputs.messages))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j as json;
    use crate::model::options::{OptionsPatch, RawOptions};

    struct Setup {
        widgets: Vec<Widget>,
        integrations: Vec<Integration>,
        context: Context,
        messages: Messages,
    }

    fn setup() -> Setup {
        let patch = OptionsPatch::read(RawOptions::from_json(&json!({
            "widgets": [
                {"id": 1, "context": "ticket", "integration_id": 123, "template": {"type": "wrapper"}},
                {"id": 2, "context": "ticket", "integration_id": "123", "template": {"type": "wrapper"}},
                {"id": 3, "context": "customer", "integration_id": 7, "template": {"type": "wrapper"}},
                {"id": 4, "integration_id": 9, "template": {"type": "wrapper", "widgets": 5}},
                {"id": 5, "integration_id": 404, "template": {"type": "wrapper"}}
            ],
            "integrations": [
                {"id": 123, "name": "Loop Returns", "http": {"url": "https://api.example/returns?email={{ticket.customer.email}}",
                    "headers": {"X-Authorization": "{{secret.loop_api_key}}"}}},
                {"id": 7, "http": {"url": "https://crm.example/c/{{customer.id}}"}},
                {"id": 9, "http": {"url": "https://never.example"}}
            ],
            "context": {"ticket": {"customer": {"email": "jane+1@example.com", "id": 5}}}
        })));
        Setup {
            widgets: patch.widgets.unwrap_or_default(),
            integrations: patch.integrations.unwrap_or_default(),
            context: patch.context.unwrap_or_default(),
            messages: Messages::default(),
        }
    }

    fn inputs<'a>(
        s: &'a Setup,
        page: Page,
        given: &'a dyn Fn(&str) -> bool,
        proxy: Option<&'a Proxy>,
    ) -> LoadInputs<'a> {
        LoadInputs {
            widgets: &s.widgets,
            page,
            integrations: &s.integrations,
            context: &s.context,
            given,
            proxy,
            messages: &s.messages,
            tz_offset_minutes: 0,
        }
    }

    #[test]
    fn one_request_per_integration_of_the_shown_widgets() {
        let s = setup();
        let none = |_: &str| false;
        let ids: Vec<String> = needed_requests(&inputs(&s, Page::Ticket, &none, None))
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(
            ids,
            ["123"],
            "two widgets share 123; 7 is another view; 9's template is refused; 404 is unknown"
        );
        let subscribed: Vec<&str> =
            needed_integrations(&s.widgets, Page::Customer, &s.integrations, &none)
                .iter()
                .map(|i| i.id.as_str())
                .collect();
        assert_eq!(subscribed, ["7"]);
        let ids: Vec<String> = needed_requests(&inputs(&s, Page::Customer, &none, None))
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["7"]);
    }

    #[test]
    fn given_data_is_never_fetched() {
        let s = setup();
        let given = |id: &str| id == "123";
        assert!(needed_requests(&inputs(&s, Page::Ticket, &given, None)).is_empty());
    }

    #[test]
    fn requests_are_addressed_as_the_host_set_up() {
        let s = setup();
        let none = |_: &str| false;
        let direct = needed_requests(&inputs(&s, Page::Ticket, &none, None));
        let why = direct[0].1.as_ref().unwrap_err();
        assert!(why.contains("server-held secret"), "a secret placeholder needs the proxy: {why}");
        let proxy =
            Proxy { url: "https://proxy.example/forward".into(), token: Some("agent-7".into()) };
        let through = needed_requests(&inputs(&s, Page::Ticket, &none, Some(&proxy)));
        let req = through[0].1.as_ref().unwrap();
        assert_eq!(
            (req.method.as_str(), req.url.as_str()),
            ("POST", "https://proxy.example/forward")
        );
        let body = Json::parse(req.body.as_deref().unwrap_or_default()).unwrap();
        assert_eq!(
            body["url"].as_str(),
            Some("https://api.example/returns?email=jane%2B1%40example.com")
        );
        assert_eq!(body["headers"]["X-Authorization"].as_str(), Some("{{secret.loop_api_key}}"));
        let customer = needed_requests(&inputs(&s, Page::Customer, &none, None));
        assert_eq!(customer[0].1.as_ref().map(|r| r.url.as_str()), Ok("https://crm.example/c/5"));
    }
}
