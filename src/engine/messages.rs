//! Every word the sidebar writes itself, in one table (issue 12): English, French, German and
//! Spanish built in, picked by the `locale` option (default: the browser's language), and any of
//! them replaced by the `messages` option. `{name}` in a message is filled in where it is used.

/// Declares every message once: its name, its key for the `messages` option, and its text in
/// each built-in language, in one row.
///
/// Stored as one string per column (the keys, then each language), the entries separated by NUL:
/// a table of `&str`s would add 40 bytes of pointers per message to the bundle, which compress
/// badly, and each language's words compress better side by side (issue 20).
macro_rules! messages {
    ($($name:ident $key:literal { en: $en:literal, fr: $fr:literal, de: $de:literal, es: $es:literal, })*) => {
        /// One message of the table. Its key (for the `messages` option) is [`Msg::key`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg {
            $($name,)*
        }

        /// Every message, in the order of [`Msg`].
        const ALL: &[Msg] = &[$(Msg::$name,)*];

        /// The keys, in the order of [`Msg`], each followed by NUL.
        const KEYS: &str = concat!($($key, "\u{0}",)*);

        /// The texts in each language of [`LANGUAGES`], in the order of [`Msg`], each followed by
        /// NUL.
        const TEXTS: [&str; 4] = [
            concat!($($en, "\u{0}",)*),
            concat!($($fr, "\u{0}",)*),
            concat!($($de, "\u{0}",)*),
            concat!($($es, "\u{0}",)*),
        ];
    };
}

/// The `i`th entry of a NUL-separated column.
fn entry(column: &'static str, i: usize) -> &'static str {
    column.split('\0').nth(i).unwrap_or_default()
}

/// The built-in languages, in the order of [`TEXTS`]; the first is the fallback.
const LANGUAGES: [&str; 4] = ["en", "fr", "de", "es"];

messages! {
    EditFields "editFields" {
        en: "Edit fields",
        fr: "Modifier les champs",
        de: "Felder bearbeiten",
        es: "Editar campos",
    }
    Execute "execute" {
        en: "Execute",
        fr: "Exécuter",
        de: "Ausführen",
        es: "Ejecutar",
    }
    Cancel "cancel" {
        en: "Cancel",
        fr: "Annuler",
        de: "Abbrechen",
        es: "Cancelar",
    }
    Executing "executing" {
        en: "Executing action...",
        fr: "Exécution de l'action...",
        de: "Aktion wird ausgeführt...",
        es: "Ejecutando la acción...",
    }
    More "more" {
        en: "{n} more",
        fr: "{n} de plus",
        de: "{n} weitere",
        es: "{n} más",
    }
    Retry "retry" {
        en: "Retry",
        fr: "Réessayer",
        de: "Erneut versuchen",
        es: "Reintentar",
    }
    Loading "loading" {
        en: "Loading {name}…",
        fr: "Chargement de {name}…",
        de: "{name} wird geladen…",
        es: "Cargando {name}…",
    }
    LoadFailed "loadFailed" {
        en: "{name}: {reason}",
        fr: "{name} : {reason}",
        de: "{name}: {reason}",
        es: "{name}: {reason}",
    }
    RefreshFailed "refreshFailed" {
        en: "Could not refresh {name}: {reason}",
        fr: "Impossible d'actualiser {name} : {reason}",
        de: "{name} konnte nicht aktualisiert werden: {reason}",
        es: "No se pudo actualizar {name}: {reason}",
    }
    CopyValue "copyValue" {
        en: "Copy value",
        fr: "Copier la valeur",
        de: "Wert kopieren",
        es: "Copiar valor",
    }
    Copied "copied" {
        en: "Copied",
        fr: "Copié",
        de: "Kopiert",
        es: "Copiado",
    }
    True "true" {
        en: "True",
        fr: "Vrai",
        de: "Wahr",
        es: "Verdadero",
    }
    False "false" {
        en: "False",
        fr: "Faux",
        de: "Falsch",
        es: "Falso",
    }
    Positive "positive" {
        en: "Positive",
        fr: "Positif",
        de: "Positiv",
        es: "Positivo",
    }
    Negative "negative" {
        en: "Negative",
        fr: "Négatif",
        de: "Negativ",
        es: "Negativo",
    }
    Inconclusive "inconclusive" {
        en: "Inconclusive",
        fr: "Non concluant",
        de: "Nicht eindeutig",
        es: "No concluyente",
    }
    TodayAt "todayAt" {
        en: "Today at {time}",
        fr: "Aujourd'hui à {time}",
        de: "Heute um {time}",
        es: "Hoy a las {time}",
    }
    YesterdayAt "yesterdayAt" {
        en: "Yesterday at {time}",
        fr: "Hier à {time}",
        de: "Gestern um {time}",
        es: "Ayer a las {time}",
    }
    WeekdayAt "weekdayAt" {
        en: "{weekday} at {time}",
        fr: "{weekday} à {time}",
        de: "{weekday} um {time}",
        es: "{weekday} a las {time}",
    }
    Expand "expand" {
        en: "Expand section",
        fr: "Déplier la section",
        de: "Abschnitt aufklappen",
        es: "Desplegar la sección",
    }
    Collapse "collapse" {
        en: "Collapse section",
        fr: "Replier la section",
        de: "Abschnitt zuklappen",
        es: "Plegar la sección",
    }
    Required "required" {
        en: "This field is required.",
        fr: "Ce champ est obligatoire.",
        de: "Dieses Feld ist erforderlich.",
        es: "Este campo es obligatorio.",
    }
    WidgetError "widgetError" {
        en: "This widget could not be shown.",
        fr: "Ce widget n'a pas pu être affiché.",
        de: "Dieses Widget konnte nicht angezeigt werden.",
        es: "No se pudo mostrar este widget.",
    }
    ActionDone "actionDone" {
        en: "{label}: done (HTTP {status})",
        fr: "{label} : terminé (HTTP {status})",
        de: "{label}: erledigt (HTTP {status})",
        es: "{label}: hecho (HTTP {status})",
    }
    ActionFailed "actionFailed" {
        en: "{label} failed: {reason}",
        fr: "{label} a échoué : {reason}",
        de: "{label} fehlgeschlagen: {reason}",
        es: "{label} falló: {reason}",
    }
    UnusableButton "unusableButton" {
        en: "Unusable button",
        fr: "Bouton inutilisable",
        de: "Unbrauchbare Schaltfläche",
        es: "Botón inutilizable",
    }
    RefusedLink "refusedLink" {
        en: "This link was refused: only http, https and mailto links open",
        fr: "Ce lien a été refusé : seuls les liens http, https et mailto s'ouvrent",
        de: "Dieser Link wurde abgelehnt: nur http-, https- und mailto-Links werden geöffnet",
        es: "Este enlace fue rechazado: solo se abren enlaces http, https y mailto",
    }
    Rating "rating" {
        en: "Rated {value} out of 5",
        fr: "Noté {value} sur 5",
        de: "Bewertet mit {value} von 5",
        es: "Valorado con {value} de 5",
    }
    ThisWidget "thisWidget" {
        en: "this widget",
        fr: "ce widget",
        de: "dieses Widget",
        es: "este widget",
    }
    ErrNetwork "errNetwork" {
        en: "network error: the server could not be reached, or it refused requests from this page (CORS)",
        fr: "erreur réseau : le serveur est injoignable, ou il refuse les requêtes de cette page (CORS)",
        de: "Netzwerkfehler: Der Server ist nicht erreichbar oder lehnt Anfragen dieser Seite ab (CORS)",
        es: "error de red: no se pudo contactar con el servidor, o rechaza las solicitudes de esta página (CORS)",
    }
    ErrTimeout "errTimeout" {
        en: "timed out: no answer after {s} s",
        fr: "délai dépassé : aucune réponse après {s} s",
        de: "Zeitüberschreitung: keine Antwort nach {s} s",
        es: "tiempo agotado: sin respuesta tras {s} s",
    }
    ErrCutOff "errCutOff" {
        en: "the answer was cut off before it was complete: the connection dropped",
        fr: "la réponse a été coupée avant la fin : la connexion a été interrompue",
        de: "Die Antwort wurde vor dem Ende abgeschnitten: Die Verbindung brach ab",
        es: "la respuesta se cortó antes de completarse: la conexión se interrumpió",
    }
    ErrBrowserRefused "errBrowserRefused" {
        en: "the browser refused to send this request (its address, a header or the method is not valid)",
        fr: "le navigateur a refusé d'envoyer cette requête (son adresse, un en-tête ou la méthode n'est pas valide)",
        de: "Der Browser hat diese Anfrage nicht gesendet (Adresse, ein Header oder die Methode ist ungültig)",
        es: "el navegador se negó a enviar esta solicitud (su dirección, un encabezado o el método no es válido)",
    }
    ErrServer "errServer" {
        en: "HTTP {status} (server error)",
        fr: "HTTP {status} (erreur du serveur)",
        de: "HTTP {status} (Serverfehler)",
        es: "HTTP {status} (error del servidor)",
    }
    ErrRefused "errRefused" {
        en: "HTTP {status} (request refused)",
        fr: "HTTP {status} (requête refusée)",
        de: "HTTP {status} (Anfrage abgelehnt)",
        es: "HTTP {status} (solicitud rechazada)",
    }
    ErrInvalidJson "errInvalidJson" {
        en: "the answer is not valid JSON (line {line}, column {column})",
        fr: "la réponse n'est pas du JSON valide (ligne {line}, colonne {column})",
        de: "Die Antwort ist kein gültiges JSON (Zeile {line}, Spalte {column})",
        es: "la respuesta no es JSON válido (línea {line}, columna {column})",
    }
    ErrProxy "errProxy" {
        en: "the proxy refused the request (HTTP {status}): {reason}",
        fr: "le proxy a refusé la requête (HTTP {status}) : {reason}",
        de: "Der Proxy hat die Anfrage abgelehnt (HTTP {status}): {reason}",
        es: "el proxy rechazó la solicitud (HTTP {status}): {reason}",
    }
    ErrMissing "errMissing" {
        en: "\"{label}\" is required: fill it in, then execute again.",
        fr: "« {label} » est obligatoire : remplissez-le, puis exécutez à nouveau.",
        de: "„{label}“ ist erforderlich: Füllen Sie es aus und führen Sie die Aktion erneut aus.",
        es: "«{label}» es obligatorio: complételo y vuelva a ejecutar.",
    }
    ErrUrl "errUrl" {
        en: "Not sent: only http:// and https:// addresses are requested (the address is \"{url}\").",
        fr: "Non envoyé : seules les adresses http:// et https:// sont demandées (l'adresse est « {url} »).",
        de: "Nicht gesendet: Nur http://- und https://-Adressen werden angefragt (die Adresse ist „{url}“).",
        es: "No enviado: solo se solicitan direcciones http:// y https:// (la dirección es «{url}»).",
    }
    ErrDotSegment "errDotSegment" {
        en: "Not sent: a value put into the address is \".\" or \"..\", which would change where it goes.",
        fr: "Non envoyé : une valeur insérée dans l'adresse vaut « . » ou « .. », ce qui changerait sa destination.",
        de: "Nicht gesendet: Ein in die Adresse eingesetzter Wert ist „.“ oder „..“, was ihr Ziel ändern würde.",
        es: "No enviado: un valor insertado en la dirección es «.» o «..», lo que cambiaría su destino.",
    }
    ErrVariableOrigin "errVariableOrigin" {
        en: "Not sent: the address's origin comes from the data, not from the template, and the request carries hidden values.",
        fr: "Non envoyé : l'origine de l'adresse vient des données et non du modèle, et la requête contient des valeurs masquées.",
        de: "Nicht gesendet: Der Ursprung der Adresse stammt aus den Daten, nicht aus der Vorlage, und die Anfrage enthält verborgene Werte.",
        es: "No enviado: el origen de la dirección viene de los datos, no de la plantilla, y la solicitud lleva valores ocultos.",
    }
    ErrSecretNoProxy "errSecretNoProxy" {
        en: "Not sent: it uses a server-held secret, which only the proxy can fill in, and no proxy is set.",
        fr: "Non envoyé : la requête utilise un secret détenu par le serveur, que seul le proxy peut remplir, et aucun proxy n'est configuré.",
        de: "Nicht gesendet: Sie verwendet ein vom Server verwahrtes Geheimnis, das nur der Proxy einsetzen kann, und es ist kein Proxy eingerichtet.",
        es: "No enviado: usa un secreto guardado en el servidor, que solo el proxy puede completar, y no hay ningún proxy configurado.",
    }
    ErrSecretInUrl "errSecretInUrl" {
        en: "Not sent: a server-held secret cannot be put into the address.",
        fr: "Non envoyé : un secret détenu par le serveur ne peut pas être placé dans l'adresse.",
        de: "Nicht gesendet: Ein vom Server verwahrtes Geheimnis kann nicht in die Adresse eingesetzt werden.",
        es: "No enviado: un secreto guardado en el servidor no puede ponerse en la dirección.",
    }
    ErrNotSent "errNotSent" {
        en: "Not sent: {reason}.",
        fr: "Non envoyé : {reason}.",
        de: "Nicht gesendet: {reason}.",
        es: "No enviado: {reason}.",
    }
    ErrUndeclaredSecret "errUndeclaredSecret" {
        en: "Not sent: {place} holds text shaped like a server-held secret ({{secret.…}}) that came from the data, the ticket or what was typed; only the template itself may ask for a secret.",
        fr: "Non envoyé : {place} contient un texte en forme de secret détenu par le serveur ({{secret.…}}) venu des données, du ticket ou de la saisie ; seul le modèle lui-même peut demander un secret.",
        de: "Nicht gesendet: {place} enthält Text in der Form eines vom Server verwahrten Geheimnisses ({{secret.…}}), der aus den Daten, dem Ticket oder der Eingabe stammt; nur die Vorlage selbst darf ein Geheimnis anfordern.",
        es: "No enviado: {place} contiene un texto con forma de secreto guardado en el servidor ({{secret.…}}) que viene de los datos, del ticket o de lo escrito; solo la propia plantilla puede pedir un secreto.",
    }
    ErrRedirect "errRedirect" {
        en: "the server answered with a redirect (HTTP {status}), which was not followed: the request carries hidden values or headers, which must not go to another address",
        fr: "le serveur a répondu par une redirection (HTTP {status}), qui n'a pas été suivie : la requête contient des valeurs masquées ou des en-têtes, qui ne doivent pas partir vers une autre adresse",
        de: "der Server hat mit einer Umleitung geantwortet (HTTP {status}), der nicht gefolgt wurde: Die Anfrage enthält verborgene Werte oder Header, die nicht an eine andere Adresse gehen dürfen",
        es: "el servidor respondió con una redirección (HTTP {status}), que no se siguió: la solicitud lleva valores ocultos o cabeceras, que no deben ir a otra dirección",
    }
}

use crate::model::options::usable_tag;

impl Msg {
    /// Its key in the `messages` option (`"editFields"`, `"more"`...).
    #[cfg(test)]
    pub fn key(self) -> &'static str {
        entry(KEYS, self as usize)
    }

    /// The message a key names.
    pub fn from_key(key: &str) -> Option<Msg> {
        let i = KEYS.split('\0').position(|k| k == key && !k.is_empty())?;
        ALL.get(i).copied()
    }
}

/// The sidebar's words in one language, with the host's overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct Messages {
    /// The column of [`TEXTS`]: the language of [`LANGUAGES`] in use.
    language: usize,
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
        let language = LANGUAGES.iter().position(|l| *l == language).unwrap_or(0);
        let overrides =
            overrides.iter().filter_map(|(k, v)| Some((Msg::from_key(k)?, v.clone()))).collect();
        Messages { language, overrides, locale }
    }

    pub fn get(&self, m: Msg) -> &str {
        match self.overrides.iter().rev().find(|(o, _)| *o == m) {
            Some((_, text)) => text,
            None => TEXTS.get(self.language).map_or("", |column| entry(column, m as usize)),
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
        for column in std::iter::once(KEYS).chain(TEXTS) {
            assert_eq!(column.split('\0').count(), ALL.len() + 1, "one entry per message");
        }
        for (i, &msg) in ALL.iter().enumerate() {
            assert_eq!(msg as usize, i, "the messages are in enum order");
            assert_eq!(Msg::from_key(msg.key()), Some(msg));
            let english = entry(TEXTS[0], i);
            for text in TEXTS.map(|column| entry(column, i)) {
                assert!(!text.is_empty(), "{}", msg.key());
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
                assert_eq!(names(text), names(english), "{} in {text}", msg.key());
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

    /// The host-facing lists of keys (TypeScript and JSON Schema) are this table's. The TypeScript
    /// `Messages` is generated from the schema (types/generate.mjs); both are checked.
    #[test]
    fn the_typescript_and_schema_keys_are_the_tables() {
        let ts = include_str!("../../types/sidebar-widgets-schema.d.ts");
        let interface = ts
            .split("export interface Messages {")
            .nth(1)
            .and_then(|s| s.split("\n}").next())
            .unwrap_or_default();
        let ts_keys: Vec<&str> = interface
            .lines()
            .filter_map(|l| l.strip_prefix("  ")?.split_once("?: ").map(|(k, _)| k))
            .collect();
        let keys: Vec<&str> = ALL.iter().map(|m| m.key()).collect();
        assert_eq!(ts_keys, keys, "types/sidebar-widgets-schema.d.ts Messages");
        let schema = crate::model::json::Json::parse(include_str!(
            "../../schema/sidebar-widgets.schema.json"
        ))
        .unwrap();
        let props = &schema["$defs"]["messages"]["properties"];
        let schema_keys: Vec<&str> =
            props.as_object().map(|o| o.keys().collect()).unwrap_or_default();
        assert_eq!(schema_keys, keys, "schema $defs.messages");
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
