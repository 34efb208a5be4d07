use incident_feed::model::{IncidentStatus, ServiceStatus, StatusLevel};
use leptos::prelude::*;

/// The shape next to a state's words. Shapes differ (tick, triangle, cross,
/// clock), so the state never depends on colour, also in forced colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Ok,
    Warning,
    Down,
    Maintenance,
    Info,
}

impl Icon {
    pub fn for_level(level: StatusLevel) -> Icon {
        match level {
            StatusLevel::Operational => Icon::Ok,
            StatusLevel::Maintenance => Icon::Maintenance,
            StatusLevel::Degraded | StatusLevel::PartialOutage => Icon::Warning,
            StatusLevel::MajorOutage => Icon::Down,
            // A state this version does not know: neutral, never "all is well".
            StatusLevel::Unknown => Icon::Info,
        }
    }

    pub fn for_service(status: ServiceStatus) -> Icon {
        match status {
            ServiceStatus::Operational => Icon::Ok,
            ServiceStatus::Degraded => Icon::Warning,
            ServiceStatus::Outage => Icon::Down,
            ServiceStatus::Maintenance => Icon::Maintenance,
            ServiceStatus::Unknown => Icon::Info,
        }
    }

    pub fn for_incident(status: IncidentStatus) -> Icon {
        match status {
            IncidentStatus::Resolved | IncidentStatus::Completed => Icon::Ok,
            IncidentStatus::Scheduled | IncidentStatus::InProgress | IncidentStatus::Verifying => Icon::Maintenance,
            IncidentStatus::Investigating | IncidentStatus::Identified | IncidentStatus::Monitoring | IncidentStatus::Unknown => Icon::Info,
        }
    }

    /// The class suffix that picks the colour (`is-tone-ok` …).
    pub fn tone(self) -> &'static str {
        match self {
            Icon::Ok => "ok",
            Icon::Warning => "warning",
            Icon::Down => "down",
            Icon::Maintenance => "maintenance",
            Icon::Info => "info",
        }
    }
}

/// A small inline SVG, hidden from assistive technology: the words next to
/// it carry the meaning.
#[component]
pub fn StateIcon(icon: Icon) -> impl IntoView {
    let path = match icon {
        Icon::Ok => "M4.6 8.3l2.2 2.2 4.6-4.8",
        Icon::Warning => "M8 5.2v3.6M8 11.2v.1",
        Icon::Down => "M5.6 5.6l4.8 4.8M10.4 5.6l-4.8 4.8",
        Icon::Maintenance => "M8 4.4V8l2.4 1.6",
        Icon::Info => "M8 7.2v4M8 4.8v.1",
    };
    let outline = match icon {
        Icon::Warning => "M8 1.6L15 14H1z",
        _ => "M8 1.2a6.8 6.8 0 1 0 0 13.6A6.8 6.8 0 1 0 8 1.2z",
    };
    view! {
        <svg class=format!("is-icon is-tone-{}", icon.tone()) viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d=outline></path>
            <path d=path></path>
        </svg>
    }
}
