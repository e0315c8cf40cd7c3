//! Every word the sidebar writes itself, in one table (issue 12): English, French, German and
//! Spanish built in, picked by the `locale` option (default: the browser's language), and any of
//! them replaced by the `messages` option. `{name}` in a message is filled in where it is used.

/// One message of the table. Its key (for the `messages` option) is [`Msg::key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    EditFields,
    Execute,
    Cancel,
    Executing,
    More,
    Retry,
    Loading,
    LoadFailed,
    RefreshFailed,
    CopyValue,
    Copied,
    True,
    False,
    Positive,
    Negative,
    Inconclusive,
    TodayAt,
    YesterdayAt,
    WeekdayAt,
    Expand,
    Collapse,
    Required,
    WidgetError,
    ActionDone,
    ActionFailed,
    UnusableButton,
    RefusedLink,
    Rating,
    ThisWidget,
    ErrNetwork,
    ErrTimeout,
    ErrCutOff,
    ErrBrowserRefused,
    ErrServer,
    ErrRefused,
    ErrInvalidJson,
    ErrProxy,
    ErrMissing,
    ErrUrl,
    ErrDotSegment,
    ErrVariableOrigin,
    ErrSecretNoProxy,
    ErrSecretInUrl,
    ErrNotSent,
    ErrUndeclaredSecret,
    ErrRedirect,
}

use Msg::*;

use crate::model::options::usable_tag;

/// In the order of the tables.
const ALL: [Msg; 46] = [
    EditFields,
    Execute,
    Cancel,
    Executing,
    More,
    Retry,
    Loading,
    LoadFailed,
    RefreshFailed,
    CopyValue,
    Copied,
    True,
    False,
    Positive,
    Negative,
    Inconclusive,
    TodayAt,
    YesterdayAt,
    WeekdayAt,
    Expand,
    Collapse,
    Required,
    WidgetError,
    ActionDone,
    ActionFailed,
    UnusableButton,
    RefusedLink,
    Rating,
    ThisWidget,
    ErrNetwork,
    ErrTimeout,
    ErrCutOff,
    ErrBrowserRefused,
    ErrServer,
    ErrRefused,
    ErrInvalidJson,
    ErrProxy,
    ErrMissing,
    ErrUrl,
    ErrDotSegment,
    ErrVariableOrigin,
    ErrSecretNoProxy,
    ErrSecretInUrl,
    ErrNotSent,
    ErrUndeclaredSecret,
    ErrRedirect,
];

/// The keys of the `messages` option, in the order of [`ALL`].
const KEYS: [&str; 46] = [
    "editFields",
    "execute",
    "cancel",
    "executing",
    "more",
    "retry",
    "loading",
    "loadFailed",
    "refreshFailed",
    "copyValue",
    "copied",
    "true",
    "false",
    "positive",
    "negative",
    "inconclusive",
    "todayAt",
    "yesterdayAt",
    "weekdayAt",
    "expand",
    "collapse",
    "required",
    "widgetError",
    "actionDone",
    "actionFailed",
    "unusableButton",
    "refusedLink",
    "rating",
    "thisWidget",
    "errNetwork",
    "errTimeout",
    "errCutOff",
    "errBrowserRefused",
    "errServer",
    "errRefused",
    "errInvalidJson",
    "errProxy",
    "errMissing",
    "errUrl",
    "errDotSegment",
    "errVariableOrigin",
    "errSecretNoProxy",
    "errSecretInUrl",
    "errNotSent",
    "errUndeclaredSecret",
    "errRedirect",
];

type Table = [&'static str; 46];

const EN: Table = [
    "Edit fields",
    "Execute",
    "Cancel",
    "Executing action...",
    "{n} more",
    "Retry",
    "Loading {name}…",
    "{name}: {reason}",
    "Could not refresh {name}: {reason}",
    "Copy value",
    "Copied",
    "True",
    "False",
    "Positive",
    "Negative",
    "Inconclusive",
    "Today at {time}",
    "Yesterday at {time}",
    "{weekday} at {time}",
    "Expand section",
    "Collapse section",
    "This field is required.",
    "This widget could not be shown.",
    "{label}: done (HTTP {status})",
    "{label} failed: {reason}",
    "Unusable button",
    "This link was refused: only http, https and mailto links open",
    "Rated {value} out of 5",
    "this widget",
    "network error: the server could not be reached, or it refused requests from this page (CORS)",
    "timed out: no answer after {s} s",
    "the answer was cut off before it was complete: the connection dropped",
    "the browser refused to send this request (its address, a header or the method is not valid)",
    "HTTP {status} (server error)",
    "HTTP {status} (request refused)",
    "the answer is not valid JSON (line {line}, column {column})",
    "the proxy refused the request (HTTP {status}): {reason}",
    "\"{label}\" is required: fill it in, then execute again.",
    "Not sent: only http:// and https:// addresses are requested (the address is \"{url}\").",
    "Not sent: a value put into the address is \".\" or \"..\", which would change where it goes.",
    "Not sent: the address's origin comes from the data, not from the template, and the request carries hidden values.",
    "Not sent: it uses a server-held secret, which only the proxy can fill in, and no proxy is set.",
    "Not sent: a server-held secret cannot be put into the address.",
    "Not sent: {reason}.",
    "Not sent: {place} holds text shaped like a server-held secret ({{secret.…}}) that came from the data, the ticket or what was typed; only the template itself may ask for a secret.",
    "the server answered with a redirect (HTTP {status}), which was not followed: the request carries hidden values or headers, which must not go to another address",
];

const FR: Table = [
    "Modifier les champs",
    "Exécuter",
    "Annuler",
    "Exécution de l'action...",
    "{n} de plus",
    "Réessayer",
    "Chargement de {name}…",
    "{name} : {reason}",
    "Impossible d'actualiser {name} : {reason}",
    "Copier la valeur",
    "Copié",
    "Vrai",
    "Faux",
    "Positif",
    "Négatif",
    "Non concluant",
    "Aujourd'hui à {time}",
    "Hier à {time}",
    "{weekday} à {time}",
    "Déplier la section",
    "Replier la section",
    "Ce champ est obligatoire.",
    "Ce widget n'a pas pu être affiché.",
    "{label} : terminé (HTTP {status})",
    "{label} a échoué : {reason}",
    "Bouton inutilisable",
    "Ce lien a été refusé : seuls les liens http, https et mailto s'ouvrent",
    "Noté {value} sur 5",
    "ce widget",
    "erreur réseau : le serveur est injoignable, ou il refuse les requêtes de cette page (CORS)",
    "délai dépassé : aucune réponse après {s} s",
    "la réponse a été coupée avant la fin : la connexion a été interrompue",
    "le navigateur a refusé d'envoyer cette requête (son adresse, un en-tête ou la méthode n'est pas valide)",
    "HTTP {status} (erreur du serveur)",
    "HTTP {status} (requête refusée)",
    "la réponse n'est pas du JSON valide (ligne {line}, colonne {column})",
    "le proxy a refusé la requête (HTTP {status}) : {reason}",
    "« {label} » est obligatoire : remplissez-le, puis exécutez à nouveau.",
    "Non envoyé : seules les adresses http:// et https:// sont demandées (l'adresse est « {url} »).",
    "Non envoyé : une valeur insérée dans l'adresse vaut « . » ou « .. », ce qui changerait sa destination.",
    "Non envoyé : l'origine de l'adresse vient des données et non du modèle, et la requête contient des valeurs masquées.",
    "Non envoyé : la requête utilise un secret détenu par le serveur, que seul le proxy peut remplir, et aucun proxy n'est configuré.",
    "Non envoyé : un secret détenu par le serveur ne peut pas être placé dans l'adresse.",
    "Non envoyé : {reason}.",
    "Non envoyé : {place} contient un texte en forme de secret détenu par le serveur ({{secret.…}}) venu des données, du ticket ou de la saisie ; seul le modèle lui-même peut demander un secret.",
    "le serveur a répondu par une redirection (HTTP {status}), qui n'a pas été suivie : la requête contient des valeurs masquées ou des en-têtes, qui ne doivent pas partir vers une autre adresse",
];

const DE: Table = [
    "Felder bearbeiten",
    "Ausführen",
    "Abbrechen",
    "Aktion wird ausgeführt...",
    "{n} weitere",
    "Erneut versuchen",
    "{name} wird geladen…",
    "{name}: {reason}",
    "{name} konnte nicht aktualisiert werden: {reason}",
    "Wert kopieren",
    "Kopiert",
    "Wahr",
    "Falsch",
    "Positiv",
    "Negativ",
    "Nicht eindeutig",
    "Heute um {time}",
    "Gestern um {time}",
    "{weekday} um {time}",
    "Abschnitt aufklappen",
    "Abschnitt zuklappen",
    "Dieses Feld ist erforderlich.",
    "Dieses Widget konnte nicht angezeigt werden.",
    "{label}: erledigt (HTTP {status})",
    "{label} fehlgeschlagen: {reason}",
    "Unbrauchbare Schaltfläche",
    "Dieser Link wurde abgelehnt: nur http-, https- und mailto-Links werden geöffnet",
    "Bewertet mit {value} von 5",
    "dieses Widget",
    "Netzwerkfehler: Der Server ist nicht erreichbar oder lehnt Anfragen dieser Seite ab (CORS)",
    "Zeitüberschreitung: keine Antwort nach {s} s",
    "Die Antwort wurde vor dem Ende abgeschnitten: Die Verbindung brach ab",
    "Der Browser hat diese Anfrage nicht gesendet (Adresse, ein Header oder die Methode ist ungültig)",
    "HTTP {status} (Serverfehler)",
    "HTTP {status} (Anfrage abgelehnt)",
    "Die Antwort ist kein gültiges JSON (Zeile {line}, Spalte {column})",
    "Der Proxy hat die Anfrage abgelehnt (HTTP {status}): {reason}",
    "„{label}“ ist erforderlich: Füllen Sie es aus und führen Sie die Aktion erneut aus.",
    "Nicht gesendet: Nur http://- und https://-Adressen werden angefragt (die Adresse ist „{url}“).",
    "Nicht gesendet: Ein in die Adresse eingesetzter Wert ist „.“ oder „..“, was ihr Ziel ändern würde.",
    "Nicht gesendet: Der Ursprung der Adresse stammt aus den Daten, nicht aus der Vorlage, und die Anfrage enthält verborgene Werte.",
    "Nicht gesendet: Sie verwendet ein vom Server verwahrtes Geheimnis, das nur der Proxy einsetzen kann, und es ist kein Proxy eingerichtet.",
    "Nicht gesendet: Ein vom Server verwahrtes Geheimnis kann nicht in die Adresse eingesetzt werden.",
    "Nicht gesendet: {reason}.",
    "Nicht gesendet: {place} enthält Text in der Form eines vom Server verwahrten Geheimnisses ({{secret.…}}), der aus den Daten, dem Ticket oder der Eingabe stammt; nur die Vorlage selbst darf ein Geheimnis anfordern.",
    "der Server hat mit einer Umleitung geantwortet (HTTP {status}), der nicht gefolgt wurde: Die Anfrage enthält verborgene Werte oder Header, die nicht an eine andere Adresse gehen dürfen",
];

const ES: Table = [
    "Editar campos",
    "Ejecutar",
    "Cancelar",
    "Ejecutando la acción...",
    "{n} más",
    "Reintentar",
    "Cargando {name}…",
    "{name}: {reason}",
    "No se pudo actualizar {name}: {reason}",
    "Copiar valor",
    "Copiado",
    "Verdadero",
    "Falso",
    "Positivo",
    "Negativo",
    "No concluyente",
    "Hoy a las {time}",
    "Ayer a las {time}",
    "{weekday} a las {time}",
    "Desplegar la sección",
    "Plegar la sección",
    "Este campo es obligatorio.",
    "No se pudo mostrar este widget.",
    "{label}: hecho (HTTP {status})",
    "{label} falló: {reason}",
    "Botón inutilizable",
    "Este enlace fue rechazado: solo se abren enlaces http, https y mailto",
    "Valorado con {value} de 5",
    "este widget",
    "error de red: no se pudo contactar con el servidor, o rechaza las solicitudes de esta página (CORS)",
    "tiempo agotado: sin respuesta tras {s} s",
    "la respuesta se cortó antes de completarse: la conexión se interrumpió",
    "el navegador se negó a enviar esta solicitud (su dirección, un encabezado o el método no es válido)",
    "HTTP {status} (error del servidor)",
    "HTTP {status} (solicitud rechazada)",
    "la respuesta no es JSON válido (línea {line}, columna {column})",
    "el proxy rechazó la solicitud (HTTP {status}): {reason}",
    "«{label}» es obligatorio: complételo y vuelva a ejecutar.",
    "No enviado: solo se solicitan direcciones http:// y https:// (la dirección es «{url}»).",
    "No enviado: un valor insertado en la dirección es «.» o «..», lo que cambiaría su destino.",
    "No enviado: el origen de la dirección viene de los datos, no de la plantilla, y la solicitud lleva valores ocultos.",
    "No enviado: usa un secreto guardado en el servidor, que solo el proxy puede completar, y no hay ningún proxy configurado.",
    "No enviado: un secreto guardado en el servidor no puede ponerse en la dirección.",
    "No enviado: {reason}.",
    "No enviado: {place} contiene un texto con forma de secreto guardado en el servidor ({{secret.…}}) que viene de los datos, del ticket o de lo escrito; solo la propia plantilla puede pedir un secreto.",
    "el servidor respondió con una redirección (HTTP {status}), que no se siguió: la solicitud lleva valores ocultos o cabeceras, que no deben ir a otra dirección",
];

impl Msg {
    /// Its key in the `messages` option (`"editFields"`, `"more"`...).
    #[cfg(test)]
    pub fn key(self) -> &'static str {
        KEYS.get(self as usize).copied().unwrap_or_default()
    }

    /// The message a key names.
    pub fn from_key(key: &str) -> Option<Msg> {
        KEYS.iter().position(|k| *k == key).and_then(|i| ALL.get(i).copied())
    }
}

/// The sidebar's words in one language, with the host's overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct Messages {
    table: &'static Table,
    overrides: Vec<(Msg, String)>,
    /// The language tag the table was picked for (`fr-CA`), also used for `Intl` formatting.
    pub locale: String,
}

impl Default for Messages {
    fn default() -> Messages {
        Messages::new("en", &[])
    }
}

impl Messages {
    /// The table for `locale` (its language: `fr-CA` is French; unknown ones are English), with the
    /// host's overrides by key (unknown keys are ignored).
    pub fn new(locale: &str, overrides: &[(String, String)]) -> Messages {
        let locale = language_tag(locale);
        let language = locale.split('-').next().unwrap_or_default().to_ascii_lowercase();
        let table = match language.as_str() {
            "fr" => &FR,
            "de" => &DE,
            "es" => &ES,
            _ => &EN,
        };
        let overrides =
            overrides.iter().filter_map(|(k, v)| Some((Msg::from_key(k)?, v.clone()))).collect();
        Messages { table, overrides, locale }
    }

    pub fn get(&self, m: Msg) -> &str {
        match self.overrides.iter().rev().find(|(o, _)| *o == m) {
            Some((_, text)) => text,
            None => self.table.get(m as usize).copied().unwrap_or_default(),
        }
    }

    /// The message with each `{name}` replaced by its value.
    pub fn fill(&self, m: Msg, args: &[(&str, &str)]) -> String {
        let mut out = String::new();
        let mut rest = self.get(m);
        while let Some((before, after)) = rest.split_once('{') {
            out.push_str(before);
            match after.split_once('}') {
                Some((name, tail))
                    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) =>
                {
                    match args.iter().find(|(n, _)| *n == name) {
                        Some((_, v)) => out.push_str(v),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = tail;
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// A language tag `Intl` accepts (`fr-CA`; `fr_CA` is read as such; see [`usable_tag`]); English
/// for anything else, since `Intl` throws on a tag it refuses. The browser also checks the tag with
/// `Intl` itself (`ui::locale`): a tag of the right shape may still name no locale it can format.
fn language_tag(tag: &str) -> String {
    usable_tag(tag).unwrap_or_else(|| "en".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_a_key_and_every_language_every_message() {
        for (i, m) in ALL.iter().enumerate() {
            assert_eq!(*m as usize, i, "ALL is in enum order");
            assert_eq!(Msg::from_key(m.key()), Some(*m));
        }
        for table in [&EN, &FR, &DE, &ES] {
            for (i, text) in table.iter().enumerate() {
                assert!(!text.is_empty(), "{}", KEYS[i]);
                // the same placeholders as English
                let names = |s: &str| -> Vec<String> {
                    let mut v: Vec<String> = s
                        .split('{')
                        .skip(1)
                        .filter_map(|p| p.split_once('}'))
                        .map(|(n, _)| n.to_string())
                        .collect();
                    v.sort();
                    v
                };
                assert_eq!(names(text), names(EN[i]), "{} in {text}", KEYS[i]);
            }
        }
    }

    #[test]
    fn languages_by_locale_with_english_as_fallback() {
        assert_eq!(Messages::new("fr-CA", &[]).get(Msg::Retry), "Réessayer");
        assert_eq!(Messages::new("de", &[]).get(Msg::Execute), "Ausführen");
        assert_eq!(Messages::new("es_MX", &[]).get(Msg::Cancel), "Cancelar");
        assert_eq!(Messages::new("ja", &[]).get(Msg::Retry), "Retry");
        assert_eq!(Messages::new("", &[]).get(Msg::Retry), "Retry");
        assert_eq!(Messages::new("fr", &[]).locale, "fr");
        assert_eq!(Messages::new("es_MX", &[]).locale, "es-MX");
        for bad in ["", "x", "en US", "en-", "<script>", "français", "en-toolongsubtag"] {
            assert_eq!(Messages::new(bad, &[]).locale, "en", "{bad:?}: Intl would throw");
        }
    }

    /// Tags of the right shape that `Intl` still refuses (issue 16): a grandfathered tag, two
    /// regions, `root`, a four-letter language, a repeated variant or singleton, an empty
    /// extension. Each would make `Intl` throw a `RangeError`.
    #[test]
    fn tags_intl_refuses_are_english() {
        for bad in [
            "zh-min-nan",
            "en-US-US",
            "root",
            "abcd",
            "i-klingon",
            "en-Latn-Latn",
            "de-1996-1996",
            "en-a",
            "en-u",
            "en-x",
            "en-u-ca-x",
            "en-a-bcd-a-bcd",
            "x-private",
            "123",
            "en-US-",
            "e\u{301}n",
        ] {
            assert_eq!(Messages::new(bad, &[]).locale, "en", "{bad:?}: Intl would throw");
        }
        let long = format!("en-{}", ["abcdefgh"; 40].join("-"));
        assert_eq!(Messages::new(&long, &[]).locale, "en");
        for good in [
            "fr-CA",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "de-CH-1996",
            "es-419",
            "haw",
            "yue-HK",
            "en-US-u-ca-gregory",
            "ja-JP-u-ca-japanese-nu-latn",
            "en-x-private",
            "de-DE-x-phonebk",
            "EN-us",
            "sl-rozaj-biske",
            "en-t-ja",
        ] {
            assert_eq!(Messages::new(good, &[]).locale, good, "{good:?} is a good tag");
        }
    }

    #[test]
    fn overrides_replace_any_message_by_key() {
        let m =
            Messages::new("fr", &[("retry".into(), "Encore".into()), ("nope".into(), "x".into())]);
        assert_eq!(m.get(Msg::Retry), "Encore");
        assert_eq!(m.get(Msg::Cancel), "Annuler");
    }

    /// The host-facing lists of keys (TypeScript and JSON Schema) are this table's.
    #[test]
    fn the_typescript_and_schema_keys_are_the_tables() {
        let ts = include_str!("../../types/sidebar-widgets.d.ts");
        let union = ts
            .split("export type MessageKey =")
            .nth(1)
            .and_then(|s| s.split(';').next())
            .unwrap_or_default();
        let ts_keys: Vec<&str> = union
            .lines()
            .filter_map(|l| l.trim().strip_prefix("| \"")?.split('"').next())
            .collect();
        assert_eq!(ts_keys, KEYS, "types/sidebar-widgets.d.ts MessageKey");
        let schema = crate::model::json::Json::parse(include_str!(
            "../../schema/sidebar-widgets.schema.json"
        ))
        .unwrap();
        let props = &schema["$defs"]["messages"]["properties"];
        let schema_keys: Vec<&str> =
            props.as_object().map(|o| o.keys().collect()).unwrap_or_default();
        assert_eq!(schema_keys, KEYS, "schema $defs.messages");
    }

    #[test]
    fn placeholders_are_filled() {
        let m = Messages::default();
        assert_eq!(m.fill(Msg::More, &[("n", "12")]), "12 more");
        assert_eq!(m.fill(Msg::LoadFailed, &[("name", "Loop"), ("reason", "{x}")]), "Loop: {x}");
        let odd = Messages::new("en", &[("more".into(), "{n} {missing} { } {".into())]);
        assert_eq!(odd.fill(Msg::More, &[("n", "3")]), "3 {missing} { } {");
    }
}
