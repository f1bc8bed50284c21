"""French cue words: what a counted thing is, who it is, who says so, where.

Tables are keyed by lower-case lemma *or* surface form: spaCy's lemmatizer is
right most of the time, and the surface form catches what it gets wrong
(participles lemmatised as adjectives, plurals of rare nouns). Keep entries
general French news vocabulary, never one article's wording.
"""

from __future__ import annotations

from recoupe.textfold import word_key

# The word key is shared with every stage (one fold, issue #13).
fold = word_key


def _keys(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Verbs (lemma or participle) whose subject or object is counted as ...
KIND_VERBS: dict[str, frozenset[str]] = {
    "killed": _keys(
        "tuer tué tués tuée tuées mourir mort morts morte mortes décéder décédé décédés "
        "décédée décédées périr péri succomber succombé liquider liquidé liquidés abattre "
        "abattu abattus exécuter exécuté exécutés assassiner assassiné assassinés massacrer "
        "massacré massacrés noyer noyé noyés éliminer éliminé éliminés neutraliser "
        "neutralisé neutralisés calciner calciné calcinés fusiller fusillé fusillés "
        "décapiter décapité décapités"
    ),
    "injured": _keys(
        "blesser blessé blessés blessée blessées hospitaliser hospitalisé hospitalisés "
        "hospitalisée hospitalisées intoxiquer intoxiqué intoxiqués brûler brûlé brûlés "
        "soigner soigné soignés"
    ),
    "missing": _keys("disparaître disparu disparus disparue disparues"),
    "arrested": _keys(
        "arrêter arrêté arrêtés arrêtée arrêtées interpeller interpellé interpellés "
        "interpellée interpellées détenir détenu détenus détenue détenues appréhender "
        "appréhendé appréhendés appréhendée appréhendées incarcérer incarcéré incarcérés "
        "écrouer écroué écroués emprisonner emprisonné emprisonnés capturer capturé capturés "
        "inculper inculpé inculpés condamner condamné condamnés placer interner interné "
        "internés rafler raflé raflés menotter menotté menottés"
    ),
    "displaced": _keys(
        "évacuer évacué évacués évacuée évacuées déplacer déplacé déplacés déplacée "
        "déplacées fuir fui réfugier réfugié réfugiés reloger relogé relogés héberger "
        "hébergé hébergés exiler exilé exilés"
    ),
    "affected": _keys(
        "extraire extrait extraits extraite extraites dégager dégagé dégagés "
        "affecter affecté affectés affectée affectées toucher touché touchés touchée "
        "touchées sinistrer sinistré sinistrés secourir secouru secourus sauver sauvé "
        "sauvés isoler isolé isolés priver privé privés"
    ),
    "participants": _keys(
        "manifester manifesté rassembler rassemblé rassemblés réunir réuni réunis défiler "
        "défilé participer participé descendre attaquer attaqué mobiliser rejoindre "
        "protester occuper occupé prendre_part marcher grever"
    ),
    "deployed": _keys(
        "déployer déployé déployés déployée déployées envoyer envoyé envoyés envoyée "
        "envoyées dépêcher dépêché dépêchés mobiliser mobilisé mobilisés engager engagé "
        "engagés positionner positionné positionnés stationner stationné stationnés "
        "arriver arrivé arrivés débarquer débarqué débarqués transférer transféré "
        "transférés acheminer acheminé acheminés"
    ),
}

# Nouns that name the counted thing itself ("12 morts", "des dizaines de blessés").
KIND_NOUNS: dict[str, frozenset[str]] = {
    "killed": _keys(
        "mort morts décès tué tués victime_mortelle cadavre cadavres corps dépouille "
        "dépouilles martyr martyrs"
    ),
    "injured": _keys("blessé blessés blessée blessées blessure blessures"),
    "missing": _keys("disparu disparus disparue disparues disparition disparitions"),
    "arrested": _keys(
        "arrestation arrestations interpellation interpellations détenu détenus détention "
        "garde_à_vue prisonnier prisonniers interpellé interpellés"
    ),
    "displaced": _keys(
        "déplacé déplacés réfugié réfugiés évacué évacués évacuation évacuations sans-abri "
        "sans-abris exilé exilés rescapé"
    ),
    "affected": _keys("sinistré sinistrés sinistrée sinistrées"),
    "participants": _keys(
        "manifestant manifestants manifestante manifestantes protestataire protestataires "
        "émeutier émeutiers gréviste grévistes insurgé insurgés assaillant assaillants "
        "participant participants foule"
    ),
    "deployed": _keys(
        "soldat soldats militaire militaires troupe troupes policier policiers gendarme "
        "gendarmes agent agents effectif effectifs casque casques paras parachutistes "
        "réserviste réservistes marine marines sapeur sapeurs pompier pompiers secouriste "
        "secouristes membre membres combattant combattants hommes homme personnel "
        "contingent renfort renforts unité unités bataillon bataillons"
    ),
    "weapons": _keys(
        "arme armes fusil fusils kalachnikov kalachnikovs munition munitions cartouche "
        "cartouches chargeur chargeurs grenade grenades pistolet pistolets mitrailleuse "
        "mitrailleuses "
        "missile missiles roquette roquettes obus bombe bombes explosif explosifs mine mines "
        "lance-roquettes lance-grenades"
    ),
    "equipment": _keys(
        "avion avions hélicoptère hélicoptères char chars blindé blindés véhicule véhicules "
        "camion camions drone drones navire navires bateau bateaux appareil appareils "
        "aéronef aéronefs jet jets chasseur chasseurs bombardier bombardiers pick-up "
        "tank tanks vedette vedettes bulldozer"
    ),
    "other": _keys(
        "explosion explosions frappe frappes attaque attaques attentat attentats incendie "
        "incendies bâtiment bâtiments maison maisons habitation habitations logement "
        "logements immeuble immeubles école écoles hôpital hôpitaux commerce commerces "
        "magasin magasins poste postes barrage barrages barricade barricades village "
        "villages localité localités point_de_contrôle pillage pillages affrontement "
        "feu feux voiture voitures bus autobus "
        "affrontements réplique répliques secousse secousses"
    ),
}

# Generic counted nouns: they carry no kind and no group of their own.
GENERIC_PEOPLE = _keys(
    "personne personnes gens individu individus autre autres victime victimes habitant "
    "habitants âme âmes cas"
)

# Who is counted. Multi-word cues are matched on the folded noun phrase text.
GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "security_forces": (
        "policier", "policiers", "police", "gendarme", "gendarmes", "gendarmerie",
        "forces de l'ordre", "force de l'ordre", "forces de securite", "agents de securite",
        "agent de securite", "responsables de la securite", "militaire", "militaires",
        "soldat", "soldats", "armee", "garde nationale", "garde-frontiere",
        "gardes-frontieres", "officier", "officiers", "agents des forces", "membres des forces",
        "forces armees", "troupes gouvernementales", "forces gouvernementales", "securite",
        "membres de la police", "agents de police", "commissaire", "sergent", "conscrits",
        "forces speciales", "unites speciales", "garde republicaine", "bataillon", "regiment",
        "brigade", "escadron", "patrouille", "caserne", "armee malienne",
    ),
    "protesters": (
        "manifestant", "manifestants", "manifestante", "manifestantes", "emeutier",
        "emeutiers", "protestataire", "protestataires", "bandit", "bandits", "terroriste",
        "terroristes", "criminel", "criminels", "militant", "militants", "pillard", "pillards",
        "casseur", "casseurs", "insurge", "insurges", "rebelle", "rebelles", "participants aux",
        "participants a", "greviste", "grevistes", "assaillant", "assaillants", "extremiste",
        "extremistes", "radicaux", "opposants", "contestataires", "gilets jaunes", "jeunes",
        "emeutes", "gangs", "gang", "combattants", "jihadistes", "djihadistes", "islamistes",
    ),
    "civilians": (
        "civil", "civils", "civile", "civiles", "habitant", "habitants", "passant", "passants",
        "enfant", "enfants", "femme", "femmes", "journaliste", "journalistes", "eleve",
        "eleves", "touriste", "touristes", "patient", "patients", "resident", "residents",
        "villageois", "population", "famille", "familles", "riverains", "migrants",
        "refugies", "deplaces", "sinistres", "randonneurs", "randonneur", "pelerins", "fideles",
        "ecoliers", "etudiants", "ouvriers", "mineurs", "agriculteurs", "pecheurs", "passagers",
        "voyageurs", "supporters", "spectateurs", "vacanciers", "bebes", "nourrissons",
        "otages", "employes", "travailleurs", "commercants", "fidele", "otage", "detenus",
        "prisonniers", "personnes agees",
    ),
    "other": (
        "secouriste", "secouristes", "pompier", "pompiers", "sapeurs-pompiers", "sauveteurs",
        "sapeurs", "sapeur",
        "humanitaires", "soignants", "medecins", "infirmiers", "infirmieres",
    ),
    "foreign_forces": (
        "casques bleus", "casque bleu", "soldats de la paix", "soldat de la paix",
        "forces de maintien de la paix", "force de maintien de la paix", "maintien de la paix",
        "otsc", "otan", "onu", "minusma", "finul", "contingent", "forces etrangeres",
        "troupes etrangeres", "mercenaires", "forces internationales", "coalition",
    ),
}


# Verbs that attribute a statement to their subject ("X a déclaré que ...").
SPEECH_VERBS = _keys(
    "déclarer annoncer indiquer affirmer dire préciser signaler rapporter estimer confirmer "
    "ajouter souligner expliquer assurer avancer évoquer communiquer publier recenser "
    "dénombrer compter faire_état chiffrer avertir révéler reconnaître informer noter "
    "écrire rappeler détailler citer prétendre soutenir admettre faire_savoir démentir "
    "décompter décompté dénombré recensé comptabiliser comptabilisé tweeter tweeté "
    "annoncé déclaré indiqué affirmé précisé signalé rapporté estimé confirmé ajouté "
    "souligné expliqué assuré communiqué publié recensé avancé évoqué révélé écrit cité "
    "selon"
)

# Nouns that are never a source on their own but whose complement may be one.
NON_SOURCE_HEADS = _keys(
    "déclaration déclarations communiqué communiqués bilan bilans chiffre chiffres rapport "
    "rapports source sources information informations donnée données message messages "
    "estimation estimations décompte article page site compte image images vidéo vidéos "
    "dernier derniers nouveau nouvelles presse agence médias média"
)

# Bodies that are always a source when they are the subject of a speech verb,
# even without a name (they are resolved to the named body earlier in the text).
ROLE_HEADS = _keys(
    "président présidente ministre ministère procureur procureure parquet porte-parole "
    "secrétariat secrétaire gouvernement gouverneur maire préfet préfecture police armée "
    "ambassade ambassadeur commandant chef directeur directrice bureau service services "
    "autorités autorité administration agence organisation comité conseil commission "
    "tribunal cour hôpital croix-rouge ong"
)

# Pronouns that stand for an earlier speaker.
SPEAKER_PRONOUNS = _keys("il elle ils elles celui-ci celle-ci ce dernier cette dernière")



# French demonym adjectives → ISO country code, for "troupes russes" (foreign or not).
DEMONYMS: dict[str, str] = {
    fold(k): v
    for k, v in {
        "russe": "RU", "russes": "RU", "biélorusse": "BY", "biélorusses": "BY",
        "ukrainien": "UA", "ukrainiens": "UA", "ukrainienne": "UA", "ukrainiennes": "UA",
        "kazakh": "KZ", "kazakhs": "KZ", "kazakhe": "KZ", "kazakhes": "KZ",
        "kazakhstanais": "KZ", "arménien": "AM", "arméniens": "AM", "tadjik": "TJ",
        "tadjiks": "TJ", "kirghiz": "KG", "ouzbek": "UZ", "ouzbeks": "UZ",
        "américain": "US", "américains": "US", "américaine": "US", "américaines": "US",
        "français": "FR", "française": "FR", "françaises": "FR", "britannique": "GB",
        "britanniques": "GB", "allemand": "DE", "allemands": "DE", "allemande": "DE",
        "turc": "TR", "turcs": "TR", "turque": "TR", "turques": "TR", "chinois": "CN",
        "chinoise": "CN", "chinoises": "CN", "iranien": "IR", "iraniens": "IR",
        "iranienne": "IR", "israélien": "IL", "israéliens": "IL", "israélienne": "IL",
        "israéliennes": "IL", "palestinien": "PS", "palestiniens": "PS", "palestinienne": "PS",
        "palestiniennes": "PS", "syrien": "SY", "syriens": "SY", "syrienne": "SY",
        "irakien": "IQ", "irakiens": "IQ", "libanais": "LB", "libanaise": "LB",
        "égyptien": "EG", "égyptiens": "EG", "marocain": "MA", "marocains": "MA",
        "marocaine": "MA", "algérien": "DZ", "algériens": "DZ", "algérienne": "DZ",
        "tunisien": "TN", "tunisiens": "TN", "libyen": "LY", "libyens": "LY",
        "malien": "ML", "maliens": "ML", "malienne": "ML", "nigérien": "NE", "nigériens": "NE",
        "burkinabè": "BF", "burkinabé": "BF", "burkinabés": "BF", "tchadien": "TD",
        "tchadiens": "TD", "soudanais": "SD", "éthiopien": "ET", "éthiopiens": "ET",
        "somalien": "SO", "somaliens": "SO", "congolais": "CD", "rwandais": "RW",
        "sénégalais": "SN", "ivoirien": "CI", "ivoiriens": "CI", "camerounais": "CM",
        "haïtien": "HT", "haïtiens": "HT", "afghan": "AF", "afghans": "AF",
        "pakistanais": "PK", "indien": "IN", "indiens": "IN", "japonais": "JP",
        "coréen": "KR", "coréens": "KR", "nord-coréen": "KP", "nord-coréens": "KP",
        "géorgien": "GE", "géorgiens": "GE", "azerbaïdjanais": "AZ", "polonais": "PL",
        "italien": "IT", "italiens": "IT", "espagnol": "ES", "espagnols": "ES",
        "belge": "BE", "belges": "BE", "suisse": "CH", "suisses": "CH", "canadien": "CA",
        "canadiens": "CA", "mexicain": "MX", "mexicains": "MX", "brésilien": "BR",
        "brésiliens": "BR", "vénézuélien": "VE", "vénézuéliens": "VE", "colombien": "CO",
        "colombiens": "CO", "birman": "MM", "birmans": "MM", "yéménite": "YE",
        "yéménites": "YE", "saoudien": "SA", "saoudiens": "SA", "émirati": "AE",
        "qatari": "QA", "jordanien": "JO", "jordaniens": "JO", "grec": "GR", "grecs": "GR",
        "serbe": "RS", "serbes": "RS", "kosovar": "XK", "roumain": "RO", "roumains": "RO",
        "hongrois": "HU", "moldave": "MD", "néerlandais": "NL", "suédois": "SE",
        "norvégien": "NO", "danois": "DK", "finlandais": "FI", "portugais": "PT",
        "rwandaise": "RW", "sri-lankais": "LK", "bangladais": "BD", "népalais": "NP",
        "indonésien": "ID", "indonésiens": "ID", "philippin": "PH", "philippins": "PH",
        "vietnamien": "VN", "thaïlandais": "TH", "australien": "AU", "néo-zélandais": "NZ",
        "nigérian": "NG", "nigérians": "NG", "kényan": "KE", "sud-africain": "ZA",
        "mozambicain": "MZ", "centrafricain": "CF", "centrafricains": "CF",
        "mauritanien": "MR", "guinéen": "GN", "guinéens": "GN", "béninois": "BJ",
        "togolais": "TG", "gabonais": "GA", "érythréen": "ER", "arméniennes": "AM",
    }.items()
}

# A few French country names, for "La Russie envoie ..." before the gazetteer links them.
COUNTRY_NAMES: dict[str, str] = {
    fold(k): v
    for k, v in {
        "Russie": "RU", "Fédération de Russie": "RU", "Biélorussie": "BY", "Bélarus": "BY",
        "Ukraine": "UA", "Kazakhstan": "KZ", "Arménie": "AM", "Tadjikistan": "TJ",
        "Kirghizistan": "KG", "Ouzbékistan": "UZ", "États-Unis": "US", "Etats-Unis": "US",
        "France": "FR", "Royaume-Uni": "GB", "Allemagne": "DE", "Turquie": "TR",
        "Chine": "CN", "Iran": "IR", "Israël": "IL", "Syrie": "SY", "Irak": "IQ",
        "Liban": "LB", "Égypte": "EG", "Maroc": "MA", "Algérie": "DZ", "Tunisie": "TN",
        "Libye": "LY", "Mali": "ML", "Niger": "NE", "Burkina Faso": "BF", "Tchad": "TD",
        "Soudan": "SD", "Éthiopie": "ET", "Somalie": "SO", "Haïti": "HT", "Afghanistan": "AF",
        "Pakistan": "PK", "Inde": "IN", "Japon": "JP", "Géorgie": "GE",
        "Azerbaïdjan": "AZ", "Pologne": "PL", "Italie": "IT", "Espagne": "ES",
        "Belgique": "BE", "Suisse": "CH", "Canada": "CA", "Mexique": "MX", "Brésil": "BR",
        "Venezuela": "VE", "Colombie": "CO", "Birmanie": "MM", "Yémen": "YE",
        "Arabie saoudite": "SA", "Jordanie": "JO", "Grèce": "GR", "Serbie": "RS",
        "Nigeria": "NG", "Kenya": "KE", "Rwanda": "RW", "Sénégal": "SN",
        "Côte d'Ivoire": "CI", "Cameroun": "CM", "Indonésie": "ID", "Philippines": "PH",
    }.items()
}

# Government bodies spoken of without a name: "les autorités" are the country's.
GENERIC_AUTHORITIES = _keys("autorités autorité gouvernement pouvoir régime officiels")
