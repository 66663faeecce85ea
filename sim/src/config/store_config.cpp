#include <algorithm>

#include "hours_config.hpp"
#include "readers.hpp"

namespace journeysim::config {

void read_dates(TableReader& t, int start_year, double& opens, double& closes) {
    opens = t.day("opens", start_year).value_or(0.0);
    closes = t.day("closes", start_year).value_or(kNever);
    if (closes <= opens) t.error("closes", "must be after opens");
}

namespace {

void read_location(TableReader& t, const std::vector<Mall>& malls, Store& s) {
    const bool has_xy = t.has("x") || t.has("y");
    s.x = t.number("x", 0.0, Range::any());
    s.y = t.number("y", 0.0, Range::any());
    const bool has_mall = t.has("mall");
    if (s.type == StoreType::online) {
        if (has_xy || has_mall) t.error("type", "an online store has no location (drop x, y, mall)");
        (void)t.text("mall");
        return;
    }
    if (has_mall) {
        const auto mall = t.name("mall", names_of(malls), "mall");
        if (!mall) return;
        if (has_xy) t.error("mall", "give either mall or x and y, not both");
        s.mall = *mall;
        s.x = malls[static_cast<std::size_t>(*mall)].x, s.y = malls[static_cast<std::size_t>(*mall)].y;
    } else if (s.type == StoreType::department) {
        t.error("mall", "a department store must be in a mall (mall = \"<name>\")");
    } else if (!has_xy) {
        t.error("x", "a " + std::string(kStoreTypeNames[static_cast<int>(s.type)]) +
                         " store needs a location: x and y (km), or mall");
    }
}

const std::vector<std::string>& weekday_names() {
    static const std::vector<std::string> names(kWeekdayNames.begin(), kWeekdayNames.end());
    return names;
}

// The roster's shifts; at no moment may more be on duty than the store has positions.
void read_shifts(TableReader& t, Store& s) {
    for (auto& [name, r] : t.entries("shifts")) {
        Shift shift;
        shift.name = name;
        if (auto hours = read_hours(r, "hours", /*dated=*/false))
            shift.hours = std::move(*hours);
        else
            r.error("hours", "a shift needs its hours, e.g. { mon = \"9-17\", sat = \"10-16\" }");
        shift.staff = static_cast<int>(r.integer("staff", 1, Range::at_least(1, kMaxStaff)));
        s.shifts.push_back(std::move(shift));
    }
    // The sum only rises where some shift starts: check it there.
    for (const Shift& starting : s.shifts)
        for (std::size_t d = 0; d < starting.hours.days.size(); ++d)
            for (const OpenInterval& i : starting.hours.days[d]) {
                const int on_duty =
                    on_shift(s.shifts, static_cast<double>(d) + (i.from + 0.5) / kMinutesPerDay);
                if (on_duty > s.staff) {
                    t.error("shifts", std::to_string(on_duty) + " on duty at once (" +
                                          std::string(kWeekdayNames[d]) + " " +
                                          clock_text(i.from) + ") but staff = " +
                                          std::to_string(s.staff) +
                                          ": staff must be >= the most on duty at once");
                    return;
                }
            }
}

// What only an online store has: delivery, returns by post, and chat agents in place of a
// counter (its positions: `staff` below). Other stores must not give these fields; with a
// misspelt type (already reported) whether they apply is unknown.
void read_online(TableReader& t, Store& s, bool type_known) {
    static constexpr std::array<std::string_view, 5> kOnlineFields = {
        "delivery_days", "return_days", "chat_staff", "chat_share", "chat_minutes"};
    if (s.type != StoreType::online) {
        for (const auto field : kOnlineFields)
            if (t.has(field) && type_known)
                t.error(field, "applies to online stores only (this store is " +
                                   std::string(kStoreTypeNames[static_cast<int>(s.type)]) + ")");
        return;
    }
    for (const auto field : {"staff", "service_minutes"})
        if (t.has(field))
            t.error(field, "an online store has no counter: orders are placed at once (give "
                           "chat_staff and chat_minutes for chat agents)");
    s.delivery_days = t.number("delivery_days", 3.0, Range::at_least(0.0, kMaxDays));
    s.return_days = t.number("return_days", 14.0, Range::at_least(0.0, kMaxDays));
    s.staff = static_cast<int>(t.integer("chat_staff", 0, Range::at_least(0, kMaxStaff)));
    s.service_minutes = t.number("chat_minutes", 10.0, Range::above(0.0, 1440.0));
    s.chat_share = t.number("chat_share", s.staff > 0 ? 0.2 : 0.0, Range::unit());
    if (s.staff == 0 && s.chat_share > 0.0)
        t.error("chat_share", "orders can talk to nobody: give chat_staff >= 1 (got chat_share " +
                                  format_number(s.chat_share) + " with no chat_staff)");
}

void read_staff(TableReader& t, int start_year, bool type_known, Store& s) {
    static constexpr std::array<std::string_view, 2> kDistributions = {"exponential", "lognormal"};
    read_online(t, s, type_known);
    if (s.type != StoreType::online) {
        s.staff = static_cast<int>(t.integer("staff", 1, Range::at_least(1, kMaxStaff)));
        s.service_minutes = t.number("service_minutes", 20.0, Range::above(0.0, 1440.0));
    }
    s.service_distribution =
        t.choice<ServiceDistribution>("service_distribution", kDistributions)
            .value_or(ServiceDistribution::lognormal);
    s.service_cv = t.number("service_cv", 0.5, Range::above(0.0, 10.0));
    s.expertise = t.number("expertise", s.expertise, Range::unit());
    s.new_hire_expertise = t.number("new_hire_expertise", std::min(s.new_hire_expertise, s.expertise),
                                    Range::unit());
    s.learning_years = t.number("learning_years", s.learning_years, Range::above(0.0, kMaxYears));
    s.turnover_per_year = t.number("turnover_per_year", 0.0, Range::at_least(0.0, 100.0));
    for (auto& [name, p] : t.entries("salespeople")) {
        Salesperson person;
        person.name = name;
        person.expertise = p.number("expertise", person.expertise, Range::unit());
        person.retires_day = p.day("retires", start_year).value_or(kNever);
        person.moves_day = p.day("moves", start_year).value_or(kNever);
        person.followers = p.number("followers", person.followers, Range::unit());
        if (p.has("moves_to") != p.has("moves"))
            p.error("moves_to", "a move needs both moves (a date) and moves_to (a store)");
        if (person.moves_day < kNever && person.moves_day >= person.retires_day)
            p.error("moves", "must be before retires");
        if (const auto off = p.names("days_off", weekday_names()))
            for (const int d : *off) person.days_off[static_cast<std::size_t>(d)] = true;
        s.salespeople.push_back(person);
        // moves_to names a store that may come later in the file: resolve_other_stores.
    }
    if (s.salespeople.size() > static_cast<std::size_t>(s.staff))
        t.error(s.type == StoreType::online ? "chat_staff" : "staff",
                "must be >= the number of named salespeople (" +
                             std::to_string(s.salespeople.size()) + ") (got " +
                             std::to_string(s.staff) + ")");
    read_shifts(t, s);
}

void read_goods(TableReader& t, const Scenario& sc, Store& s) {
    const std::size_t n = sc.categories.size();
    const auto category_names = names_of(sc.categories);
    s.availability = t.number("availability", 0.9, Range::unit());
    s.assortment = t.number("assortment", 1.0, Range::above(0.0, 1e6));
    s.amenity = t.number("amenity", 0.0, Range::at_least(-50.0, 50.0));
    s.carries.assign(n, true);
    if (auto carried = t.names("categories", category_names)) {
        s.carries.assign(n, false);
        for (int c : *carried) s.carries[static_cast<std::size_t>(c)] = true;
    }
    s.stock.assign(n, std::nullopt);
    for (auto& [name, k] : t.entries("stock")) {
        Stock stock;
        stock.reorder_point = static_cast<int>(
            k.integer("reorder_point", stock.reorder_point, Range::at_least(0, 1e9)));
        stock.order_up_to =
            static_cast<int>(k.integer("order_up_to", stock.order_up_to, Range::at_least(1, 1e9)));
        stock.lead_days = k.number("lead_days", stock.lead_days, Range::at_least(0.0, kMaxDays));
        if (stock.order_up_to <= stock.reorder_point)
            k.error("order_up_to", "must be > reorder_point (" +
                                       std::to_string(stock.reorder_point) + ") (got " +
                                       std::to_string(stock.order_up_to) + ")");
        const auto it = std::find(category_names.begin(), category_names.end(), name);
        if (it == category_names.end())
            t.error("stock." + name, "unknown category '" + name + "'");
        else
            s.stock[static_cast<std::size_t>(it - category_names.begin())] = stock;
    }
}

void read_referral(TableReader& t, Store& s) {
    s.referral = t.choice<Referral>("referral", kReferralNames).value_or(Referral::none);
    s.special_order_days = t.number("special_order_days", s.special_order_days, Range::at_least(0.0, kMaxDays));
    s.substitute_sale_probability =
        t.number("substitute_sale_probability", s.substitute_sale_probability, Range::unit());
    s.refer_better_threshold = t.number("refer_better_threshold", s.refer_better_threshold, Range::unit());
    (void)t.has("refer_to");  // names stores that may come later: resolve_other_stores
}

void read_social_media(TableReader& t, int start_year, Store& s) {
    TableReader m = t.table("social_media");
    auto& sm = s.social_media;
    sm.from_day = m.day("from", start_year).value_or(kNever);
    sm.engagement = m.number("engagement", sm.engagement, Range::unit());
    sm.listening_per_year = m.number("listening_per_year", 0.0, Range::at_least(0.0, 100.0));
    if (sm.from_day == kNever && (m.has("engagement") || m.has("listening_per_year")))
        m.error("from", "give the date the store joins social media");
}

void read_prices(TableReader& t, int start_year, Store& s) {
    s.pricing = t.choice<Pricing>("pricing", kPricingNames).value_or(Pricing::list);
    {
        TableReader sales = t.table("sales");
        Sales& x = s.sales;
        x.every_days = sales.number("every_days", x.every_days, Range::above(0.0, kMaxDays));
        x.days = sales.number("days", x.days, Range::above(0.0, kMaxDays));
        if (x.days > x.every_days)
            sales.error("days", "must be <= every_days (" + format_number(x.every_days) +
                                    ") (got " + format_number(x.days) + ")");
        x.first_day = sales.day("first", start_year).value_or(s.opens_day > 0 ? s.opens_day : 0.0);
        x.discount = sales.number("discount", x.discount, {0.0, 1.0, true, false});
        x.ad_reach = sales.number("ad_reach", x.ad_reach, Range::unit());
        x.bogo_take_up = sales.number("bogo_take_up", x.bogo_take_up, Range::unit());
        x.bogo_discount = sales.number("bogo_discount", x.bogo_discount, Range::unit());
        if (s.pricing != Pricing::high_low && t.has("sales"))
            t.error("sales", "applies to pricing = \"high_low\" only");
    }
    {
        TableReader card = t.table("card");
        s.card.offer_probability = card.number("offer_probability", 0.0, Range::unit());
        s.card.acceptance = card.number("acceptance", s.card.acceptance, Range::unit());
        s.card.discount = card.number("discount", s.card.discount, {0.0, 1.0, true, false});
    }
    {
        TableReader mail = t.table("mail");
        Campaign c;
        c.name = "mail";
        c.every_days = mail.number("every_days", 0.0, Range::at_least(0.0, kMaxDays));
        c.cost_per_contact = mail.number("cost_per_piece", c.cost_per_contact, Range::at_least(0.0));
        c.response = mail.number("response", c.response, Range::unit());
        c.coupon_discount = mail.number("coupon_discount", 0.0, {0.0, 1.0, true, false});
        if (c.every_days > 0.0 && s.card.offer_probability == 0.0)
            mail.error("every_days", "direct mail goes to card holders: give the store a card "
                                     "program (card.offer_probability > 0)");
        if (c.every_days > 0.0) s.campaigns.push_back(c);
    }
    {
        TableReader f = t.table("financing");
        s.financing.take_up = f.number("take_up", 0.0, Range::unit());
        s.financing.everyone = f.flag("everyone", false);
        s.financing.price_relief = f.number("price_relief", s.financing.price_relief, {0.0, 1.0, true, false});
        s.financing.cost = f.number("cost", s.financing.cost, Range::at_least(0.0, 1.0));
        if (s.financing.take_up > 0.0 && !s.financing.everyone && s.card.offer_probability == 0.0)
            f.error("take_up", "financing goes with the store card: give the store a card program "
                               "(card.offer_probability > 0) or set everyone = true");
    }
    for (auto& [name, o] : t.entries("outreach")) {
        Campaign c;
        c.name = name;
        c.to_card_holders = false;
        c.every_days = o.number("every_days", 30.0, Range::above(0.0, kMaxDays));
        c.cost_per_contact = o.number("cost_per_contact", 1.0, Range::at_least(0.0));
        c.reach = o.number("reach", 0.5, Range::unit());
        c.response = o.number("response", 0.05, Range::unit());
        c.quality = o.number("quality", 0.0, {-1.0, 1.0, true, true});
        s.campaigns.push_back(c);
    }
    s.cross_sell_probability = t.number("cross_sell_probability", 0.0, Range::unit());
    s.cross_sell_spend = t.number("cross_sell_spend", 0.0, Range::at_least(0.0));
    s.cost_ratio = t.number("cost_ratio", s.cost_ratio, Range::at_least(0.0, 100.0));
    s.staff_cost_per_year = t.number("staff_cost_per_year", 0.0, Range::at_least(0.0));
    s.staff_cost_per_hour = t.number("staff_cost_per_hour", 0.0, Range::at_least(0.0));
    if (s.staff_cost_per_hour > 0.0 && s.shifts.empty())
        t.error("staff_cost_per_hour", "applies to stores with shifts (the hours on duty); "
                                       "without them give staff_cost_per_year");
    s.marketing_cost_per_year = t.number("marketing_cost_per_year", 0.0, Range::at_least(0.0));
}

// Where store `s`'s named salespeople move to.
void resolve_moves(TableReader& store, const std::vector<std::string>& names,
                   std::vector<Store>& stores, std::size_t s) {
    TableReader people = store.table("salespeople");
    people.ignore_unknown();
    for (auto& person : stores[s].salespeople) {
        TableReader p = people.table(person.name);
        p.ignore_unknown();
        if (!p.has("moves_to")) continue;
        const auto target = p.name("moves_to", names, "store");
        if (!target) continue;
        const Store& to = stores[static_cast<std::size_t>(*target)];
        if (static_cast<std::size_t>(*target) == s)
            p.error("moves_to", "must be another store (got '" + to.name + "')");
        else if (to.staff <= static_cast<int>(to.salespeople.size()))
            p.error("moves_to", "'" + to.name + "' has no position for her: its staff (" +
                                    std::to_string(to.staff) + ") are all named");
        else
            person.moves_to = *target;
    }
}

// Store `s`'s referral partners (refer_to).
void resolve_partners(TableReader& store, const std::vector<std::string>& names, Store& s,
                      std::size_t index) {
    const auto partners = store.names("refer_to", names);
    if (!partners) return;
    if (s.referral != Referral::refer && s.referral != Referral::refer_better)
        store.error("refer_to", "applies to referral = \"refer\" or \"refer_better\" only");
    for (const int p : *partners) {
        if (static_cast<std::size_t>(p) == index)
            store.error("refer_to", "a store cannot refer to itself ('" + names[index] + "')");
        else
            s.refer_to.push_back(p);
    }
}

// What stores say of other stores (salespeople's moves, referral partners) may name a store
// later in the file: read in a second look, once every store is known.
void resolve_other_stores(TableReader& root, std::vector<Store>& stores) {
    const auto names = names_of(stores);
    TableReader all = root.table("stores");
    all.ignore_unknown();
    for (std::size_t s = 0; s < stores.size(); ++s) {
        TableReader store = all.table(stores[s].name);
        store.ignore_unknown();
        resolve_moves(store, names, stores, s);
        resolve_partners(store, names, stores[s], s);
    }
}

}  // namespace

std::vector<Store> read_stores(TableReader& root, const Scenario& sc) {
    std::vector<Store> stores;
    for (auto& [name, t] : root.entries("stores")) {
        Store s;
        s.name = name;
        const bool typed = t.has("type");
        const auto type = t.choice<StoreType>("type", kStoreTypeNames);
        s.type = type.value_or(StoreType::chain);
        if (typed && !type) {
            // The type was misspelt (already reported): which location rules apply is unknown.
            (void)t.has("x"), (void)t.has("y"), (void)t.has("mall");
        } else {
            read_location(t, sc.malls, s);
        }
        read_dates(t, sc.simulation.start_year, s.opens_day, s.closes_day);
        s.hours = read_hours(t);
        if (s.hours && s.type == StoreType::online)
            t.error("hours", "an online store is always open (drop hours)");
        s.price_index = t.number("price_index", 1.0, Range::above(0.0, 100.0));
        read_staff(t, sc.simulation.start_year, !typed || type.has_value(), s);
        read_goods(t, sc, s);
        s.trust_gain = t.number("trust_gain", sc.trust.gain, Range::unit());
        read_referral(t, s);
        read_prices(t, sc.simulation.start_year, s);
        read_social_media(t, sc.simulation.start_year, s);
        s.awareness = t.number("awareness", s.awareness, Range::unit());
        stores.push_back(std::move(s));
    }
    if (stores.empty()) root.error("stores", "must name at least one store ([stores.<name>])");
    resolve_other_stores(root, stores);
    if (stores.size() > 60'000)
        root.error("stores", "at most 60000 stores (got " + std::to_string(stores.size()) + ")");
    return stores;
}

}  // namespace journeysim::config
