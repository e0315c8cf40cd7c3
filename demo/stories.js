// The stories of the demo page. Each one is the options given to SidebarWidgets.mount (widgets,
// integrations, data, context) plus what the page says about it. Everything that needs a server
// points at the built-in mock (demo/mock.js), so the page works offline.
import { mockUrl } from "./mock.js";

/** The token the proxy story's sidebar sends to the stand-in proxy (the agent's, not an API key). */
export const PROXY_TOKEN = "agent-42.demo-proxy-token";

/** The ticket the agent has open in every story. */
export const CONTEXT = {
  ticket: {
    id: 4521, subject: "Where is my refund?", status: "open", channel: "email",
    customer: { id: 88, email: "jane.doe+returns@example.com", name: "Jane Doe", firstname: "Jane", lastname: "Doe" },
  },
  current_user: { id: 1, email: "alex@acme-support.com", name: "Alex Martin", firstname: "Alex", lastname: "Martin" },
};

const widget = (id, integration_id, template, order = 0) => ({ id, context: "ticket", type: "http", integration_id, order, template });
const integration = (id, name, url, extra = {}) => ({
  id, name, type: "http",
  http: { url, method: "GET", headers: {}, request_content_type: "application/json", response_content_type: "application/json",
    triggers: { "ticket-created": true, "ticket-updated": true }, ...extra },
});
const wrapper = (widgets, meta) => (meta ? { type: "wrapper", meta, widgets } : { type: "wrapper", widgets });
const field = (path, title, type = "text", meta) => ({ path, title, type, ...(meta ? { meta } : {}) });

/** ISO time `hours` before `now`. */
const ago = (now, hours) => new Date(now - hours * 3600e3).toISOString().replace(/\.\d+Z$/, "Z");

const ORDERS = [
  { id: 5101, name: "#1043", created_at: "2026-11-20T10:15:00Z", total_price: "148.00", financial_status: "paid", fulfillment_status: "fulfilled", items: 3 },
  { id: 5102, name: "#1051", created_at: "2026-11-24T08:02:00Z", total_price: "39.90", financial_status: "refunded", fulfillment_status: "returned", items: 1 },
  { id: 5103, name: "#0998", created_at: "2026-09-03T17:40:00Z", total_price: "312.50", financial_status: "paid", fulfillment_status: "fulfilled", items: 5 },
  { id: 5104, name: "#1012", created_at: "2026-10-11T12:00:00Z", total_price: "74.00", financial_status: "partially_refunded", fulfillment_status: "fulfilled", items: 2 },
  { id: 5105, name: "#0951", created_at: "2026-07-29T09:30:00Z", total_price: "18.00", financial_status: "paid", fulfillment_status: "fulfilled", items: 1 },
  { id: 5106, name: "#0930", created_at: "2026-06-14T15:45:00Z", total_price: "220.00", financial_status: "paid", fulfillment_status: "fulfilled", items: 4 },
  { id: 5107, name: "#0902", created_at: "2026-05-02T11:20:00Z", total_price: "56.30", financial_status: "voided", fulfillment_status: "cancelled", items: 2 },
  { id: 5108, name: "#0877", created_at: "2026-03-18T13:05:00Z", total_price: "99.00", financial_status: "paid", fulfillment_status: "fulfilled", items: 2 },
];

const orderCard = (title = "Order {{name}}", link = "https://acme.myshopify.example/admin/orders/{{id}}") => ({
  type: "card", title, meta: { link },
  widgets: [
    field("created_at", "Placed", "date"),
    field("total_price", "Total"),
    field("financial_status", "Payment"),
    field("fulfillment_status", "Fulfilment"),
    field("items", "Items"),
  ],
});

/**
 * The stories, in the order of the navigation. `env` is {origin, now, loopReturns} (the seed's
 * options from demo/loop-returns.json). A story is
 * {id, group, title, summary, notes[], options, frames?: [{label, theme}], mock?: {scope, data}, log?}.
 */
export function buildStories({ origin, now, loopReturns }) {
  const icon = (name) => new URL(`demo/icons/${name}.svg`, origin + "/").href;
  const S = [];
  const add = (s) => S.push(s);

  // ---------------------------------------------------------------- overview
  add({
    id: "loop-returns", group: "Overview", title: "Loop Returns, from the Gorgias guide",
    summary: "The seed's widget exactly as the integration guide writes it, over sample returns: a titled, linked root card with a list of returns and their line items.",
    notes: [
      "Return titles come from variables: <code>Return {{order_name}}: {{state}}</code>.",
      "Returns after the first start collapsed; open them with the chevron (Enter or Space from the keyboard).",
      "Every value has a copy button that appears on hover and on keyboard focus.",
    ],
    options: loopReturns,
  });

  // ---------------------------------------------------------------- fields
  {
    const data = {
      name: "Jane Doe", orders_count: 0, total_spent: 1284.5,
      accepts_marketing: true, verified_email: "1", tax_exempt: false,
      last_order_at: ago(now, 2), created_at: ago(now, 26), last_seen_at: ago(now, 24 * 3 + 1),
      first_order_at: "2024-02-11T09:30:00Z", updated_at: String(Math.floor(now / 1000) - 600),
      birthday: "1990-04-12",
      profile_url: "https://acme.myshopify.example/account/customers/88?utm_source=helpdesk&utm_medium=sidebar&utm_campaign=returns",
      email: "jane.doe+returns@example.com", tags: ["vip", "returns", "newsletter"],
      sentiment_last_message: 0.72, sentiment_previous: -0.55, sentiment_average: 0.1,
      review_rating: 4, loyalty_points: 12480, discount_rate: 15,
    };
    const section = (title, widgets) => ({ type: "card", title, path: "", widgets });
    add({
      id: "field-types", group: "Fields", title: "Every field type",
      summary: "One field of each type: text, boolean, date, age, url, email, array, sentiment, rating, points and percent.",
      notes: [
        "Dates read like a calendar (Today, Yesterday, a weekday, then the date); hover one for the full date and time. <code>updated_at</code> is Unix seconds in a string.",
        "<code>0</code> is a value, not an empty field. <code>\"1\"</code> is true.",
        "The long URL is cut to 60 characters; the link keeps the full address.",
      ],
      options: {
        widgets: [widget("field-types", 11, wrapper([{
          type: "card", title: "Customer profile", path: "", meta: { pictureUrl: icon("store") },
          widgets: [
            section("Text and numbers", [field("name", "Name"), field("orders_count", "Orders"), field("total_spent", "Total spent")]),
            section("Yes or no", [field("accepts_marketing", "Accepts marketing", "boolean"), field("verified_email", "Verified email", "boolean"), field("tax_exempt", "Tax exempt", "boolean")]),
            section("Dates", [field("last_order_at", "Last order", "date"), field("created_at", "Signed up", "date"), field("last_seen_at", "Last seen", "date"),
              field("first_order_at", "First order", "date"), field("updated_at", "Updated (Unix seconds)", "date"), field("birthday", "Age", "age")]),
            section("Links and lists", [field("profile_url", "Profile", "url"), field("email", "Email", "email"), field("tags", "Tags", "array")]),
            section("Scores", [field("sentiment_last_message", "Last message", "sentiment"), field("sentiment_previous", "Previous", "sentiment"),
              field("sentiment_average", "Average", "sentiment"), field("review_rating", "Review", "rating"),
              field("loyalty_points", "Loyalty", "points"), field("discount_rate", "Discount", "percent")]),
          ],
        }]))],
        integrations: [integration(11, "Customer profile", mockUrl("field-types", "ok"))],
        data: { 11: data },
        context: CONTEXT,
      },
    });
  }
  add({
    id: "field-edge-cases", group: "Fields", title: "Missing values, guessed types and truncation",
    summary: "What a field shows when the value is missing, null, empty, of another shape, or too long, and when the type is missing or unknown.",
    notes: [
      "Missing and null values show a dash: never <code>undefined</code> or <code>null</code>.",
      "Without a <code>type</code> the field guesses one from the value; an unknown type shows as text and warns in the console.",
      "<code>meta.limit</code> on a field keeps that many characters; the full value is on hover and in the copy.",
    ],
    options: {
      widgets: [widget("edge", 12, wrapper([{
        type: "card", title: "Subscription", path: "",
        widgets: [
          field("plan", "Plan"), field("cancelled_at", "Cancelled at", "date"), field("coupon", "Coupon"), field("nickname", "Nickname"),
          field("skips", "Skipped deliveries"),
          { path: "paused", title: "Paused (guessed: boolean)" }, { path: "flavours", title: "Flavours (guessed: array)" }, { path: "box_size", title: "Box size (guessed: text)" },
          field("mrr", "Monthly revenue (type \"currency\")", "currency"),
          field("note", "Agent note (limit 42)", "text", { limit: 42 }),
          field("next_charge", "Next charge (unparsable date)", "date"),
          field("invoice", "Invoice (not http)", "url"), field("backup_email", "Backup email (invalid)", "email"),
        ],
      }]))],
      integrations: [integration(12, "Subscriptions", mockUrl("field-edge-cases", "ok"))],
      data: { 12: {
        plan: "Coffee club, monthly", cancelled_at: null, coupon: "", skips: 0, paused: false, flavours: ["Ethiopia Guji", "Colombia Huila"], box_size: "L",
        mrr: "29.00 EUR", note: "Prefers deliveries on Fridays; leave the box with the concierge, never at the door.",
        next_charge: "next Tuesday", invoice: "ftp://files.example.com/invoices/8841.pdf", backup_email: "jane at example dot com",
      } },
      context: CONTEXT,
    },
  });

  // ---------------------------------------------------------------- cards
  const customer = {
    id: 88, first_name: "Jane", last_name: "Doe", email: "jane.doe+returns@example.com", state: "enabled", orders_count: 12,
    last_order: { id: 5101, name: "#1043", created_at: "2026-11-20T10:15:00Z", total_price: "148.00", financial_status: "paid" },
    shipping_address: { address1: "12 Rue des Lilas", city: "Lyon", zip: "69003", country: "France" },
    notes: { text: "Asked twice about the refund", author: "Sam" },
  };
  add({
    id: "card-titles", group: "Cards", title: "Card titles: variables, links and truncation",
    summary: "Titles built from the card's data with {{variables}} and filters, falling back to the ticket and the agent, with shortcode icons, links and an ellipsis when too long.",
    notes: [
      "<code>{{created_at|datetime_format(\"MMMM d YYYY\")}}</code> formats a date; <code>{{nickname|fallback(\"no nickname\")}}</code> fills a gap.",
      "<code>{{current_user.firstname}}</code> is not in the card's data, so it comes from the agent.",
      "<code>:cart:</code>, <code>:shipping_address:</code> and <code>:information:</code> become icons. Linked titles open in a new tab.",
    ],
    options: {
      widgets: [widget("card-titles", 21, wrapper([{
        type: "card", title: "{{first_name}} {{last_name}}", meta: { link: "https://acme.myshopify.example/admin/customers/{{id}}" },
        widgets: [
          field("orders_count", "Orders"),
          { type: "card", path: "last_order", title: ":cart: Order {{name}} · {{financial_status}}", meta: { link: "https://acme.myshopify.example/admin/orders/{{id}}" },
            widgets: [field("total_price", "Total"), field("created_at", "Placed", "date")] },
          { type: "card", path: "last_order", title: "Placed {{created_at|datetime_format(\"MMMM d YYYY\")}}", widgets: [field("name", "Order")] },
          { type: "card", path: "shipping_address", title: ":shipping_address: Ships to {{city}}, {{country}}", widgets: [field("address1", "Street"), field("zip", "Postcode")] },
          { type: "card", path: "notes", title: ":information: Hi {{current_user.firstname}}, {{author}} left a note for whoever picks up this ticket next", widgets: [field("text", "Note")] },
          { type: "card", path: "", title: "Nickname: {{nickname|fallback(\"no nickname\")}}", widgets: [field("state", "Account")] },
        ],
      }]))],
      integrations: [integration(21, "Shopify", mockUrl("card-titles", "ok"))],
      data: { 21: customer },
      context: CONTEXT,
    },
  });
  add({
    id: "card-looks", group: "Cards", title: "Icons, colours and the accent border",
    summary: "meta.pictureUrl puts an icon before a title, meta.color tints a card's tile, and the wrapper's meta.color is the widget's accent border.",
    notes: [
      "Colours accept CSS colour syntax only: <code>#7c3aed</code>, <code>rgb(220, 38, 38)</code>, <code>teal</code>.",
      "Icons must be <code>http(s)</code> URLs; here they are served by this page.",
    ],
    options: {
      widgets: [
        widget("looks-store", 22, wrapper([{
          type: "card", title: "Acme Store", meta: { pictureUrl: icon("store"), link: "https://acme.myshopify.example/admin" },
          widgets: [
            field("plan", "Plan"),
            { type: "card", path: "shipment", title: "Shipment {{tracking}}", meta: { pictureUrl: icon("box"), color: "#f59e0b" }, widgets: [field("carrier", "Carrier"), field("status", "Status")] },
            { type: "card", path: "conversation", title: "Last chat", meta: { color: "rgb(220, 38, 38)" }, widgets: [field("summary", "Summary")] },
          ],
        }], { color: "#7c3aed" })),
        widget("looks-support", 23, wrapper([{
          type: "card", title: "Support history", meta: { pictureUrl: icon("chat") },
          widgets: [field("tickets", "Tickets"), field("csat", "Satisfaction", "rating")],
        }], { color: "teal" }), 1),
      ],
      integrations: [integration(22, "Acme Store", mockUrl("card-looks", "ok")), integration(23, "Support history", mockUrl("card-looks", "ok"))],
      data: {
        22: { plan: "Shopify Plus", shipment: { tracking: "1Z999AA1", carrier: "UPS", status: "In transit" }, conversation: { summary: "Asked for a size exchange" } },
        23: { tickets: 7, csat: 4.5 },
      },
      context: CONTEXT,
    },
  });
  add({
    id: "card-display", group: "Cards", title: "Untitled cards and displayCard: false",
    summary: "A root card without a title takes the integration's name; a nested card without one has no header; meta.displayCard false shows the content alone.",
    notes: [
      "The first widget's root card has no <code>title</code>: it is titled \"Recharge\", the integration's name.",
      "\"Billing\" is a nested card without a title: its fields show without a header.",
      "The second widget's card has <code>displayCard: false</code>: no frame, no header, just the fields.",
    ],
    options: {
      widgets: [
        widget("untitled", 24, wrapper([{
          type: "card", path: "",
          widgets: [field("status", "Status"), field("next_charge_at", "Next charge", "date"),
            { type: "card", path: "billing", widgets: [field("card", "Card"), field("expires", "Expires")] }],
        }])),
        widget("bare", 25, wrapper([{
          type: "card", title: "Hidden header", meta: { displayCard: false },
          widgets: [field("vip", "VIP", "boolean"), field("lifetime_value", "Lifetime value"), field("segment", "Segment")],
        }]), 1),
      ],
      integrations: [integration(24, "Recharge", mockUrl("card-display", "ok")), integration(25, "Segments", mockUrl("card-display", "ok"))],
      data: {
        24: { status: "active", next_charge_at: "2026-12-01T09:00:00Z", billing: { card: "Visa •••• 4242", expires: "08/28" } },
        25: { vip: true, lifetime_value: "1,284.50 EUR", segment: "Loyal, high value" },
      },
      context: CONTEXT,
    },
  });
  add({
    id: "card-collapsed", group: "Cards", title: "Collapsible cards",
    summary: "Every titled card can be folded; in a list, the items after the first start collapsed so the sidebar stays short.",
    notes: [
      "Click a chevron, or focus it and press Enter or Space; <code>aria-expanded</code> tells screen readers the state.",
      "Clicking the title of an unlinked card also folds it.",
    ],
    options: {
      widgets: [widget("collapsed", 26, wrapper([{
        type: "card", title: "Recent orders",
        widgets: [{ type: "list", path: "orders", meta: { limit: 4 }, widgets: [{
          type: "card", title: "Order {{name}}", widgets: [field("created_at", "Placed", "date"), field("total_price", "Total"),
            { type: "card", path: "shipping", title: "Shipping", widgets: [field("method", "Method"), field("tracking", "Tracking")] }],
        }] }],
      }]))],
      integrations: [integration(26, "Shopify", mockUrl("card-collapsed", "ok"))],
      data: { 26: { orders: ORDERS.slice(0, 4).map((o, i) => ({ ...o, shipping: { method: ["Express", "Standard", "Pickup", "Standard"][i], tracking: "1Z999AA10" + (123456784 + i) } })) } },
      context: CONTEXT,
    },
  });

  // ---------------------------------------------------------------- lists
  add({
    id: "list-limit", group: "Lists", title: "List limit and \"show more\"",
    summary: "meta.limit is how many items show at first (3 when empty or 0); a control reveals that many more each time.",
    notes: ["Eight orders, <code>limit: 2</code>: press \"6 more\", then \"4 more\"… until all are shown."],
    options: {
      widgets: [widget("limit", 31, wrapper([{
        type: "card", title: "Orders ({{count}})",
        widgets: [{ type: "list", path: "orders", meta: { limit: 2 }, widgets: [orderCard()] }],
      }]))],
      integrations: [integration(31, "Shopify", mockUrl("list-limit", "ok"))],
      data: { 31: { count: ORDERS.length, orders: ORDERS } },
      context: CONTEXT,
    },
  });
  add({
    id: "list-order", group: "Lists", title: "Sorting with orderBy",
    summary: "meta.orderBy sorts a list before it is cut: \"-key\" descending, \"+key\" (or a bare key) ascending; items without the key go last.",
    notes: [
      "The same eight orders twice: newest first by <code>-created_at</code>, cheapest first by <code>+total</code>.",
      "Numbers compare as numbers, strings as text: sort by a numeric key (<code>total</code>), not by a price written as a string (<code>total_price</code>).",
    ],
    options: {
      widgets: [widget("order", 32, wrapper([
        { type: "card", title: "Newest first", widgets: [{ type: "list", path: "orders", meta: { orderBy: "-created_at", limit: 3 },
          widgets: [{ type: "card", title: "{{name}} · {{created_at|datetime_format(\"MMM d\")}}", widgets: [field("total_price", "Total")] }] }] },
        { type: "card", title: "Cheapest first", widgets: [{ type: "list", path: "orders", meta: { orderBy: "+total", limit: 3 },
          widgets: [{ type: "card", title: "{{name}} · {{total_price}} EUR", widgets: [field("created_at", "Placed", "date")] }] }] },
      ]))],
      integrations: [integration(32, "Shopify", mockUrl("list-order", "ok"))],
      data: { 32: { orders: ORDERS.map((o) => ({ ...o, total: Number(o.total_price) })) } },
      context: CONTEXT,
    },
  });
  add({
    id: "list-strings", group: "Lists", title: "A list of plain strings",
    summary: "A list whose child is a field renders one field per string, where Gorgias would show only the first; an array field joins them on one line.",
    notes: ["<code>{\"type\": \"list\", \"path\": \"tags\", \"widgets\": [{\"type\": \"text\"}]}</code> against <code>[\"vip\", …]</code>."],
    options: {
      widgets: [widget("strings", 33, wrapper([{
        type: "card", title: "Customer tags",
        widgets: [
          { type: "list", path: "tags", widgets: [{ type: "text", title: "Tag" }] },
          field("tags", "As one array field", "array"),
          { type: "card", title: "Recent searches", widgets: [{ type: "list", path: "searches", meta: { limit: 5 }, widgets: [{ type: "text", title: "Searched" }] }] },
        ],
      }]))],
      integrations: [integration(33, "Klaviyo", mockUrl("list-strings", "ok"))],
      data: { 33: { tags: ["vip", "wholesale", "returns-risk"], searches: ["merino sweater", "gift card", "return label"] } },
      context: CONTEXT,
    },
  });
  add({
    id: "hide-if-empty", group: "Lists", title: "hideIfEmpty",
    summary: "meta.hideIfEmpty removes a field or list that has no value, instead of showing a dash.",
    notes: [
      "Both cards read the same data; only the second sets <code>hideIfEmpty</code> on each field and on the list. <code>0</code> is a value and stays.",
      "An empty list renders nothing either way; <code>hideIfEmpty</code> on a list matters when its path finds nothing at all.",
    ],
    options: (() => {
      const kids = (hide) => [field("name", "Name"), field("phone", "Phone", "text", hide), field("company", "Company", "text", hide),
        field("store_credit", "Store credit", "text", hide),
        { type: "list", path: "open_disputes", title: "Disputes", ...(hide ? { meta: { hideIfEmpty: true } } : {}), widgets: [{ type: "text", title: "Dispute" }] },
        field("coupons", "Coupons", "array", hide)];
      return {
        widgets: [widget("hide", 34, wrapper([
          { type: "card", title: "Without hideIfEmpty", widgets: kids(undefined) },
          { type: "card", title: "With hideIfEmpty", widgets: kids({ hideIfEmpty: true }) },
        ]))],
        integrations: [integration(34, "CRM", mockUrl("hide-if-empty", "ok"))],
        data: { 34: { name: "Jane Doe", phone: null, company: "", store_credit: 0, open_disputes: [], coupons: [] } },
        context: CONTEXT,
      };
    })(),
  });

  // ---------------------------------------------------------------- links and actions
  add({
    id: "custom-links", group: "Links and actions", title: "Custom links",
    summary: "meta.custom.links on a root card: labels and URLs with variables from the card, the ticket, the customer and the agent, opened in a new tab.",
    notes: [
      "\"Search orders\" and \"Email Jane\" take the customer's address from the ticket, not from the card's data.",
      "In a list, each item card gets its own links, and <code>{{$listIndex}}</code> is its index.",
      "A <code>javascript:</code> link is refused: its label shows without a link, and says why on hover.",
    ],
    options: {
      widgets: [widget("links", 41, wrapper([
        { type: "card", title: "{{first_name}} {{last_name}}", meta: { custom: { links: [
          { label: "Open in Shopify", url: "https://acme.myshopify.example/admin/customers/{{id}}" },
          { label: "Search orders", url: "https://acme.myshopify.example/admin/orders?query={{ticket.customer.email}}" },
          { label: "Email {{ticket.customer.firstname}}", url: "mailto:{{email}}?subject=Ticket%20{{ticket.id}}" },
          { label: "Run script", url: "javascript:alert(document.cookie)" },
        ] } }, widgets: [field("email", "Email", "email"), field("orders_count", "Orders")] },
        { type: "list", path: "orders", meta: { limit: 2 }, widgets: [{ type: "card", title: "Order {{name}}", meta: { custom: { links: [
          { label: "Order #{{$listIndex}} in Shopify", url: "https://acme.myshopify.example/admin/orders/{{id}}" },
          { label: "Ask {{current_user.firstname}}'s team", url: "https://chat.acme.example/ask?order={{name}}&agent={{current_user.email}}" },
        ] } }, widgets: [field("total_price", "Total"), field("financial_status", "Payment")] }] },
      ]))],
      integrations: [integration(41, "Shopify", mockUrl("custom-links", "ok"))],
      data: { 41: { ...customer, orders: ORDERS.slice(0, 3) } },
      context: CONTEXT,
    },
  });
  add({
    id: "button-form", group: "Links and actions", title: "Buttons with a form",
    summary: "A button whose action has editable items opens an \"Edit fields\" form: mandatory fields, dropdowns, pre-filled values; Execute sends it to the mock.",
    notes: [
      "\"Refund\" has a mandatory amount, a mandatory reason dropdown (its first choice preselected) and an optional note.",
      "The <code>X-Api-Key</code> header is not editable: it is sent, but never shown in the sidebar.",
      "\"Cancel order\" sends to an address that answers 500: the form reopens with what you typed.",
    ],
    log: true,
    options: {
      widgets: [widget("form", 42, wrapper([{
        type: "card", title: ":cart: Order {{name}}", meta: { custom: { buttons: [
          { label: "Refund", action: {
            method: "POST", url: mockUrl("button-form", "ok", "/orders/{{id}}/refunds"),
            params: [{ key: "notify", label: "Notify the customer", value: "yes;no", type: "dropdown", editable: true, mandatory: false }],
            headers: [{ key: "X-Api-Key", label: "API key", value: "demo-secret-key", editable: false, mandatory: false }],
            body: { contentType: "application/x-www-form-urlencoded", "application/json": {}, "application/x-www-form-urlencoded": [
              { key: "amount", label: "Amount (EUR)", value: "{{total_price}}", editable: true, mandatory: true },
              { key: "reason", label: "Reason", value: "Damaged item;Wrong size;Arrived late;Other", type: "dropdown", editable: true, mandatory: true },
              { key: "note", label: "Note to the customer", value: "", editable: true, mandatory: false },
              { key: "agent", label: "Agent", value: "{{current_user.email}}", editable: false, mandatory: false },
            ] },
          } },
          { label: "Cancel order", action: {
            method: "PUT", url: mockUrl("button-form", "error", "/orders/{{id}}/cancel?reason=Order%20already%20shipped"),
            params: [{ key: "restock", label: "Restock items", value: "yes;no", type: "dropdown", editable: true, mandatory: true }],
            headers: [],
            body: { contentType: "application/json", "application/json": { order: "{{name}}", ticket: "{{ticket.id}}" }, "application/x-www-form-urlencoded": [] },
          } },
        ] } },
        widgets: [field("total_price", "Total"), field("financial_status", "Payment"), field("created_at", "Placed", "date")],
      }]))],
      integrations: [integration(42, "Shopify", mockUrl("button-form", "ok"))],
      data: { 42: ORDERS[0] },
      context: CONTEXT,
    },
  });
  add({
    id: "button-instant", group: "Links and actions", title: "Buttons that send at once",
    summary: "Without editable items a button sends its request on click: \"Executing action…\" while in flight, then the outcome beside the widget.",
    notes: [
      "\"Resend confirmation\" POSTs a JSON body whose strings are resolved with the ticket and the agent.",
      "\"Create label\" is slow (2 s), so you can see the busy state; \"Sync loyalty\" fails with the mock's 500 and its reason.",
    ],
    log: true,
    options: {
      widgets: [widget("instant", 43, wrapper([{
        type: "card", title: "Order {{name}}", meta: { custom: { buttons: [
          { label: "Resend confirmation", action: { method: "POST", url: mockUrl("button-instant", "ok", "/orders/{{id}}/confirmation"),
            headers: [{ key: "Authorization", value: "Bearer demo-token", editable: false }],
            body: { contentType: "application/json", "application/json": { order_id: "{{id}}", ticket_id: "{{ticket.id}}", requested_by: "{{current_user.email}}" } } } },
          { label: "Create label", action: { method: "POST", url: mockUrl("button-instant", "slow", "/labels?ms=2000&order={{name}}"),
            body: { contentType: "application/json", "application/json": { order: "{{name}}", carrier: "UPS" } } } },
          { label: "Sync loyalty", action: { method: "GET", url: mockUrl("button-instant", "error", "/loyalty/sync"),
            params: [{ key: "customer", value: "{{ticket.customer.email}}", editable: false }, { key: "reason", value: "Loyalty service is down for maintenance", editable: false }] } },
        ] } },
        widgets: [field("total_price", "Total"), field("fulfillment_status", "Fulfilment")],
      }]))],
      integrations: [integration(43, "Shopify", mockUrl("button-instant", "ok"))],
      data: { 43: ORDERS[0] },
      context: CONTEXT,
    },
  });

  {
    // The seed's Loop Returns widget, with its data fetched through the host's proxy instead of
    // given, and a button on the root card; the API key exists only in the (stand-in) proxy.
    const seed = loopReturns.widgets[0];
    const template = structuredClone(seed.template);
    const upstream = (rest) => mockUrl("proxy-mode", "upstream", rest);
    template.widgets[0].meta = { ...template.widgets[0].meta, custom: { buttons: [
      { label: "Resync returns", action: { method: "POST", url: upstream("/api/v2/returns/sync"),
        headers: [{ key: "X-Authorization", value: "{{secret.loop_api_key}}", editable: false }],
        body: { contentType: "application/json", "application/json": { customer_email: "{{ticket.customer.email}}", requested_by: "{{current_user.email}}" } } } },
    ] } };
    add({
      id: "proxy-mode", group: "Links and actions", title: "Proxy mode: what the browser does and does not receive",
      summary: "With proxy set, the sidebar sends integration requests and custom actions to the host's own server as an envelope; {{secret.NAME}} placeholders travel as they are and the server fills them in, so no API key ever reaches the browser.",
      notes: [
        "The browser receives the template, the integration with <code>X-Authorization: {{secret.loop_api_key}}</code>, the proxy's URL and a <code>proxyToken</code> (the agent's token for that server), nothing more: see the Integrations tab.",
        "The mock server's log shows the envelope the sidebar POSTed to the proxy, with <code>Authorization: Bearer</code> and the placeholder untouched, then the request the proxy sent on to the API, the key masked: only the proxy knows it.",
        "The API answers only the proxy: without the proxy (an older bundle that sends integrations itself), the widget shows its 401 and Retry.",
        "\"Resync returns\" goes the same way: the envelope carries the placeholder, the proxy adds the key.",
      ],
      log: true,
      mock: { scope: "proxy-mode", data: loopReturns.data[String(seed.integration_id)], proxy: { token: PROXY_TOKEN } },
      options: {
        widgets: [{ ...seed, id: "proxy-loop-returns", template }],
        integrations: [integration(seed.integration_id, "Loop Returns", upstream("/api/v2/returns?from=2010-01-01&to=2050-01-01&customer_email={{ticket.customer.email}}"),
          { headers: { "X-Authorization": "{{secret.loop_api_key}}" } })],
        context: CONTEXT,
        proxy: mockUrl("proxy-mode", "proxy"),
        proxyToken: PROXY_TOKEN,
      },
    });
  }

  // ---------------------------------------------------------------- states
  const statusTemplate = (title) => wrapper([{ type: "card", title, widgets: [field("status", "Status"), field("points", "Points", "points")] }]);
  add({
    id: "state-loading", group: "States", title: "Loading",
    summary: "Widgets without data are fetched from their integration's http.url; a placeholder holds their place until the answer comes.",
    notes: [
      "\"Loyalty\" answers after 4 seconds (press Replay to see it again). \"Reviews\" never answers, so its placeholder stays (until <code>actionTimeout</code>, here 10 minutes).",
      "The integration URL's <code>{{ticket.customer.email}}</code> is resolved and percent-encoded: see what the mock received.",
    ],
    log: true,
    mock: { scope: "state-loading", data: { status: "gold", points: 2140 } },
    options: {
      widgets: [widget("slow", 51, statusTemplate("Loyalty")), widget("never", 52, statusTemplate("Reviews"), 1)],
      integrations: [
        integration(51, "Loyalty", mockUrl("state-loading", "slow", "?ms=4000&email={{ticket.customer.email}}"), { headers: { Authorization: "Bearer demo-token" } }),
        integration(52, "Reviews", mockUrl("state-loading", "never", "?email={{ticket.customer.email}}")),
      ],
      context: CONTEXT, actionTimeout: 600000,
    },
  });
  add({
    id: "state-error", group: "States", title: "Errors and Retry",
    summary: "When an integration fails (network, HTTP error, invalid JSON, timeout) its widget says why in a line, with a Retry control.",
    notes: [
      "\"Loyalty\" fails with a 500 the first time; Retry succeeds.",
      "\"Reviews\" answers with HTML instead of JSON, every time.",
    ],
    log: true,
    mock: { scope: "state-error", data: { status: "gold", points: 2140 } },
    options: {
      widgets: [widget("flaky", 53, statusTemplate("Loyalty")), widget("badjson", 54, statusTemplate("Reviews"), 1)],
      integrations: [integration(53, "Loyalty", mockUrl("state-error", "flaky")), integration(54, "Reviews", mockUrl("state-error", "badjson"))],
      context: CONTEXT,
    },
  });
  add({
    id: "state-empty", group: "States", title: "Empty data",
    summary: "A widget is not displayed when its integration has no data ({}, [] or null), or when every field in it is empty.",
    notes: ["Four widgets are given; only \"Loyalty\" has something to show. The others leave no trace (and no empty frame) in the sidebar."],
    options: {
      widgets: [widget("empty-object", 55, statusTemplate("Empty object")), widget("empty-array", 56, statusTemplate("Empty array"), 1),
        widget("all-empty", 57, statusTemplate("Every field empty"), 2), widget("shown", 58, statusTemplate("Loyalty"), 3)],
      integrations: [integration(55, "Empty object", mockUrl("state-empty", "ok")), integration(56, "Empty array", mockUrl("state-empty", "ok")),
        integration(57, "Every field empty", mockUrl("state-empty", "ok")), integration(58, "Loyalty", mockUrl("state-empty", "ok"))],
      data: { 55: {}, 56: [], 57: { status: "", points: null }, 58: { status: "silver", points: 880 } },
      context: CONTEXT,
    },
    count: true,
  });
  add({
    id: "state-malformed", group: "States", title: "Malformed templates",
    summary: "A widget whose template cannot be read shows a short error in its own place (and in the console); the other widgets render as if it were absent.",
    notes: ["The console errors on this story are expected: they name the widget and the reason, for the integration author."],
    expectConsoleErrors: /^sidebar-widgets: widget \S+ not shown/,
    options: {
      widgets: [
        widget("good", 59, statusTemplate("Loyalty")),
        widget("string-template", 59, "card with status", 1),
        widget("bad-widgets", 59, { type: "wrapper", widgets: { type: "text", path: "status" } }, 2),
        widget("bad-node", 59, { type: "wrapper", widgets: [{ type: "card", title: "Orders", widgets: [42, { type: "text", path: "status" }] }] }, 3),
      ],
      integrations: [integration(59, "Loyalty", mockUrl("state-malformed", "ok"))],
      data: { 59: { status: "gold", points: 2140 } },
      context: CONTEXT,
    },
  });

  // ---------------------------------------------------------------- themes
  add({
    id: "themes", group: "Themes", title: "Light and dark themes",
    summary: "theme: \"light\", \"dark\" or \"auto\" (following the system); hosts can restyle everything through the --sw-* custom properties.",
    notes: ["The same widget twice, with <code>theme: \"light\"</code> and <code>theme: \"dark\"</code>. The theme menu at the top switches every other story."],
    frames: [{ label: "theme: \"light\"", theme: "light" }, { label: "theme: \"dark\"", theme: "dark" }],
    options: {
      widgets: [widget("themed", 61, wrapper([{
        type: "card", title: "Jane Doe", meta: { pictureUrl: icon("store"), link: "https://acme.myshopify.example/admin/customers/88",
          custom: { links: [{ label: "Open in Shopify", url: "https://acme.myshopify.example/admin/customers/88" }],
            buttons: [{ label: "Send coupon", action: { method: "POST", url: mockUrl("themes", "ok", "/coupons") } }] } },
        widgets: [field("vip", "VIP", "boolean"), field("points", "Loyalty", "points"), field("rating", "Last review", "rating"),
          field("sentiment", "Sentiment", "sentiment"), field("email", "Email", "email"),
          { type: "list", path: "orders", meta: { limit: 2 }, widgets: [orderCard()] }],
      }], { color: "#2d5bd7" }))],
      integrations: [integration(61, "Shopify", mockUrl("themes", "ok"))],
      data: { 61: { vip: true, points: 12480, rating: 5, sentiment: 0.8, email: "jane.doe+returns@example.com", orders: ORDERS.slice(0, 3) } },
      context: CONTEXT,
    },
  });
  // ---------------------------------------------------------------- languages
  add({
    id: "language-fr", group: "Languages", title: "In French (locale: \"fr\")",
    summary: "locale sets the language of the sidebar's own words (en, fr, de, es; otherwise the browser's, then English); messages replaces any of them. The template's own text stays as written.",
    notes: [
      "The Loop Returns widget with <code>locale: \"fr\"</code>: the copy buttons (\"Copier la valeur\") and the cards' controls (\"Replier la section\") are in French.",
      "\"Avis clients\" answers with HTML instead of JSON: its error line is in French, and its retry control says \"Réessayer maintenant\", set by <code>messages: {retry: \"Réessayer maintenant\"}</code>.",
      "Every message key is listed in the TypeScript types (<code>MessageKey</code>) and the JSON Schema.",
    ],
    log: true,
    mock: { scope: "language-fr", data: { status: "gold", points: 2140 } },
    options: {
      ...loopReturns,
      widgets: [...loopReturns.widgets, widget("avis", 71, wrapper([{ type: "card", title: "Avis clients", widgets: [field("status", "Statut"), field("points", "Points", "points")] }]), 1)],
      integrations: [...loopReturns.integrations, integration(71, "Avis clients", mockUrl("language-fr", "badjson"))],
      locale: "fr",
      messages: { retry: "Réessayer maintenant" },
    },
  });
  return S;
}
