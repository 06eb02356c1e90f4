"""Spanish (es-MX) titles and details of the domain's errors, by error code.

Each detail is a template over the same named params as the error's English ``message``; the
params arrive already shown for a reader (labels, agency acronyms, local times).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # The bases, for an error without texts of its own.
    "ruta_error": ("Solicitud no realizada", "No se puede realizar la solicitud."),
    "not_authenticated": (
        "Se requiere autenticación",
        "Se necesita un token de acceso válido (Authorization: Bearer).",
    ),
    "account_not_found": ("Cuenta no encontrada", "La cuenta {account_id} no existe."),
    "role_not_held": ("La cuenta no tiene ese rol", "La cuenta no tiene el rol {role}."),
    "account_suspended": ("Cuenta suspendida", "La cuenta está suspendida."),
    "idempotency_key_reused": (
        "Clave de idempotencia ya usada",
        "Esta Idempotency-Key se usó para una solicitud distinta.",
    ),
    "custody_only_by_acknowledgement": (
        "La custodia pasa solo con confirmación",
        "La custodia pasa a {agency} solo cuando confirma una entrega; la institución que "
        "localizó a la persona puede asumirla ella misma.",
    ),
    "purpose_not_allowed": (
        "Finalidad no permitida",
        "La finalidad {purpose} no corresponde a la participación de su institución en el caso.",
    ),
    "not_shown": (
        "No disponible para su institución",
        "La participación de su institución en el caso no incluye ver {what}.",
    ),
    "not_found": ("No encontrado", "Lo solicitado no existe o no tiene acceso a ello."),
    "forbidden": ("Acción no permitida", "Su institución no puede realizar esta acción."),
    "conflict": (
        "Conflicto",
        "La solicitud choca con otra operación o con un registro que ya existe.",
    ),
    "rule_violation": (
        "Regla incumplida",
        "La solicitud haría constar algo que no puede ser cierto.",
    ),
    # Not found
    "case_not_found": ("Expediente no encontrado", "No se encontró el expediente {case_id}."),
    "referral_not_found": (
        "Canalización no encontrada",
        "La canalización {referral_id} no forma parte de este expediente.",
    ),
    "handoff_not_found": (
        "Entrega de custodia no encontrada",
        "La entrega de custodia {handoff_id} no forma parte de este expediente.",
    ),
    "measure_not_found": (
        "Medida de protección no encontrada",
        "La medida de protección {measure_id} no forma parte de este expediente.",
    ),
    "observation_not_found": (
        "Observación no encontrada",
        "La observación {observation_id} no forma parte de este expediente.",
    ),
    "personal_data_unavailable": (
        "Datos personales suprimidos",
        "Los datos personales del expediente {case_id} fueron suprimidos y ya no pueden "
        "consultarse.",
    ),
    "data_key_missing": (
        "Falta la llave de datos del expediente",
        "La llave de datos del expediente {case_id} no está en el almacén de llaves, y el "
        "expediente no fue suprimido: sus datos sellados no pueden mostrarse. Es una falla del "
        "servidor; avise a la administración para que restaure el almacén de llaves.",
    ),
    # Forbidden
    "not_involved": (
        "Institución no involucrada",
        "La institución {agency} no interviene en este expediente.",
    ),
    "not_the_addressee": (
        "Solo responde la institución destinataria",
        "Solo {addressee}, destinataria de la canalización, puede responderla.",
    ),
    "not_the_sender": (
        "Solo retira la institución que canalizó",
        "Solo {sender}, que emitió la canalización, puede retirarla.",
    ),
    "not_the_custodian": (
        "Solo entrega quien tiene la custodia",
        "Solo la institución que tiene la custodia puede iniciar una entrega de custodia.",
    ),
    "not_the_provider": (
        "Solo termina quien presta la medida",
        "Solo {provider}, que presta la medida, o quien la registró, puede terminarla.",
    ),
    "not_the_receiver": (
        "Solo responde la institución receptora",
        "Solo {receiver}, institución receptora, puede confirmar o rechazar esta entrega.",
    ),
    "oversight_only": (
        "Institución de supervisión",
        "La institución {agency} revisa expedientes y emite observaciones; nunca modifica un "
        "expediente.",
    ),
    "statistics_only": (
        "Institución con acceso a estadísticas",
        "La institución {agency} recibe solo estadísticas anonimizadas.",
    ),
    "not_the_commission": (
        "Solo observa la Comisión de Derechos Humanos",
        "Solo la comisión de derechos humanos emite observaciones.",
    ),
    "not_the_agency_concerned": (
        "Solo responde la institución observada",
        "Solo {agency}, institución a la que se dirige la observación, puede responderla.",
    ),
    "not_the_legal_representative": (
        "Consentimiento por representación legal",
        "El consentimiento de una niña, niño o adolescente lo otorga la Procuraduría de "
        "Protección (PPNNA) como su representante legal.",
    ),
    "role_required": ("Rol requerido", "Esta acción requiere el rol de {role}."),
    "not_the_lead": (
        "Solo la institución que conduce el caso",
        "Solo la institución que conduce el caso (la que tiene la custodia; si nadie la tiene, la "
        "última que la tuvo o, si nadie la tuvo, la que detectó el caso) o, en el caso de una "
        "niña, niño o adolescente, la PPNNA como su representante legal puede hacer esto.",
    ),
    "not_attending_the_person": (
        "Institución que no atiende a la persona",
        "La institución {agency} no conduce el caso, no es la representante legal de la niña, niño "
        "o adolescente ni atiende a la persona por una canalización aceptada; no puede hacer "
        "esto.",
    ),
    "own_measures_only": (
        "Medida de otra institución",
        "Una medida que presta {agency} la registra {agency} misma, la institución que conduce el "
        "caso o la representación legal de la niña, niño o adolescente.",
    ),
    # Conflict
    "concurrent_update": (
        "Expediente modificado por alguien más",
        "Alguien más modificó el expediente mientras tanto; vuelva a cargarlo e intente de nuevo.",
    ),
    "case_exists": (
        "Expediente ya existente",
        "Ya existe un expediente con el identificador {case_id}.",
    ),
    # Rules: the detection and the codes
    "unknown_code": ("Código desconocido", "“{value}” no es un código válido de {vocabulary}."),
    "time_in_future": (
        "Fecha en el futuro",
        "Un hecho puede registrarse después de ocurrido, nunca con fecha futura.",
    ),
    "detection_in_future": (
        "Detección con fecha futura",
        "Una detección puede registrarse después de ocurrida, nunca con fecha futura.",
    ),
    "time_not_aware": (
        "Fecha sin zona horaria",
        "Las fechas y horas deben indicar su diferencia con UTC.",
    ),
    "time_out_of_order": ("Fecha fuera de orden", "Esto no pudo ocurrir antes del {earlier}."),
    "unknown_municipality": (
        "Municipio desconocido",
        "“{municipality}” no es un municipio de esta entidad.",
    ),
    "inconsistent_age": (
        "Edad inconsistente",
        "Una edad estimada de {estimated_age} años no corresponde a: {age_group}.",
    ),
    "no_indicators": ("Faltan indicadores", "Una detección señala al menos un indicador."),
    "unknown_personal_data_field": (
        "Campo de datos personales desconocido",
        "“{name}” no es un campo de datos personales.",
    ),
    "invalid_value": ("Valor no válido", "El valor no es válido: {reason}."),
    # Rules: agencies and services
    "unknown_agency": (
        "Institución desconocida",
        "“{agency}” no es una institución del catálogo.",
    ),
    "service_not_offered": (
        "Servicio no ofrecido",
        "La institución {agency} no ofrece {service}.",
    ),
    "cannot_hold_custody": (
        "Institución sin facultad de custodia",
        "La institución {agency} no puede tener la custodia de una persona.",
    ),
    "not_for_children": (
        "Institución que no atiende a la niñez",
        "La institución {agency} no atiende casos de niñas, niños y adolescentes.",
    ),
    "not_a_case_party": (
        "Institución que no interviene en casos",
        "La institución {agency} no interviene en los casos.",
    ),
    "self_addressed": (
        "Canalización o entrega a sí misma",
        "Una institución no se canaliza ni se entrega la custodia a sí misma.",
    ),
    # Rules: consent
    "consent_not_covering": (
        "Sin consentimiento para compartir",
        "El consentimiento de la persona no abarca a {agency} para {purpose}; indique la base "
        "legal que lo sustituye.",
    ),
    "consent_needs_scope": (
        "Consentimiento sin alcance",
        "Un consentimiento nombra al menos una institución y un fin.",
    ),
    "legal_basis_not_applicable": (
        "Base legal no aplicable",
        "La base legal “{legal_basis}” no aplica aquí: {reason}.",
    ),
    "nothing_to_withdraw": (
        "Nada que retirar",
        "No hay consentimiento que retirar para {agency}.",
    ),
    # Rules: referrals
    "referral_already_answered": (
        "Canalización ya respondida",
        "La canalización {referral_id} ya fue respondida ({status}).",
    ),
    "referral_not_open": (
        "La canalización no admite el cambio",
        "La canalización {referral_id} está {status}; no puede cambiar ahora.",
    ),
    "duplicate_referral": (
        "Canalización duplicada",
        "Ya hay una canalización abierta a {agency} para {service} ({referral_id}).",
    ),
    "decline_needs_reason": (
        "Falta el motivo del rechazo",
        "Una canalización rechazada indica el motivo.",
    ),
    "risk_assessment_required": (
        "Falta la evaluación de riesgo",
        "Un retorno asistido se organiza solo después de una evaluación de riesgo.",
    ),
    # Rules: custody
    "handoff_already_open": (
        "Entrega de custodia en curso",
        "La entrega de custodia {handoff_id} sigue abierta; solo puede haber una entrega a la vez.",
    ),
    "handoff_not_open": (
        "Entrega de custodia ya resuelta",
        "La entrega de custodia {handoff_id} está {status}; no puede cambiar ahora.",
    ),
    "nobody_in_custody": (
        "Nadie tiene la custodia",
        "Ninguna institución tiene ahora la custodia de la persona.",
    ),
    "already_in_custody": (
        "Custodia ya asignada",
        "La institución {agency} ya tiene la custodia.",
    ),
    "child_needs_custodian": (
        "La niñez no queda sin custodia",
        "Una niña, niño o adolescente se entrega a otra institución; nunca queda sin custodia.",
    ),
    "whereabouts_unknown": (
        "Paradero desconocido",
        "Se desconoce el paradero de la persona; registre primero que fue localizada.",
    ),
    "whereabouts_known": (
        "Paradero conocido",
        "No se ha reportado que el paradero de la persona sea desconocido.",
    ),
    # Rules: measures, observations, the case
    "measure_not_active": (
        "Medida de protección terminada",
        "La medida de protección {measure_id} ya terminó.",
    ),
    "observation_already_answered": (
        "Observación ya respondida",
        "La observación {observation_id} ya fue respondida.",
    ),
    "case_closed": (
        "Expediente cerrado",
        "El expediente está cerrado; solo admite su reapertura, observaciones y respuestas.",
    ),
    "case_not_closed": (
        "Expediente abierto",
        "El expediente está abierto; solo se reabre un expediente cerrado.",
    ),
    "case_has_open_items": (
        "Expediente con pendientes",
        "Quedan {items} abiertas ({count}); resuélvalas antes de cerrar el expediente.",
    ),
    "data_already_erased": (
        "Datos personales ya suprimidos",
        "Los datos personales de este expediente ya fueron suprimidos.",
    ),
}

# What the API answers when the store does not (503): no domain error, the store's silence.
STORE_UNAVAILABLE: tuple[str, str] = (
    "Almacén de eventos no disponible",
    "El almacén de eventos no responde por ahora. Repita la solicitud en unos segundos; con la "
    "misma Idempotency-Key nada se registra dos veces.",
)

# Values that the domain puts in params as English words or placeholders.
VALUES: dict[str, str] = {
    "*": "ninguna institución",
    "any_purpose": "cualquier fin",
    "referrals": "canalizaciones",
    "handoffs": "entregas de custodia",
    "measures": "medidas de protección",
    "complaint": "denuncia",
}

# The ``reason`` texts of ``InvalidValue`` and ``LegalBasisNotApplicable``.
REASONS: dict[str, str] = {
    "a list of texts is expected": "se espera una lista de textos",
    "a text is expected": "se espera un texto",
    "at most {limit} characters": "como máximo {limit} caracteres",
    "an age from 0 to 120": "una edad de 0 a 120 años",
    "a language tag such as es or yua": "una etiqueta de idioma como es o yua",
    "up to 64 letters, digits or . _ : -": "hasta 64 letras, dígitos o . _ : -",
    "an observation says what it observes": "una observación dice lo que observa",
    "an answer says something": "una respuesta dice algo",
    "it replaces consent only in a child's case": (
        "sustituye al consentimiento solo en el caso de una niña, niño o adolescente"
    ),
    "name the prosecutor": "indique la fiscalía",
}

# What ``UnknownCode`` names in ``vocabulary``: the domain's class names, and ISO codes.
VOCABULARIES: dict[str, str] = {
    "ExploitationForm": "forma de explotación",
    "Indicator": "indicador",
    "Service": "servicio",
    "MeasureKind": "medida de protección",
    "AgeGroup": "grupo de edad",
    "Sex": "sexo",
    "AgeAssessmentMethod": "método de determinación de edad",
    "RiskLevel": "nivel de riesgo",
    "Urgency": "urgencia",
    "DeclineReason": "motivo de rechazo",
    "WithdrawalReason": "motivo de retiro",
    "HandoffRefusalReason": "motivo de rechazo de la entrega",
    "CustodyEndReason": "motivo de fin de custodia",
    "ComplaintDecision": "decisión sobre la denuncia",
    "LegalBasis": "base legal",
    "MeasureEndReason": "motivo de fin de la medida",
    "ClosureReason": "motivo de cierre",
    "ReopenReason": "motivo de reapertura",
    "ErasureReason": "motivo de supresión",
    "ObservationKind": "tipo de observación",
    "ISO 3166-1 alpha-2": "país (ISO 3166-1 alfa-2)",
}
