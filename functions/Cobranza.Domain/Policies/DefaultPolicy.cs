namespace Cobranza.Domain;

/// <summary>
/// The policy that ships: a Spanish-language ladder modelled on common practice (a reminder the day after the due date,
/// then weekly, firmer each time), handed to legal two weeks after the final notice.
/// </summary>
public static class DefaultPolicy
{
    /// <summary>The default policy's JSON document, as <c>PUT /api/policies/default</c> would accept it.</summary>
    public const string Document = """
        {
          "description": "Política estándar de cobranza: recordatorio amable, recordatorio firme, aviso formal, último aviso y traspaso al área jurídica.",
          "steps": [
            { "wait": "P1D", "channels": ["email"], "template": "recordatorio-amable", "tone": "friendly" },
            { "wait": "P7D", "channels": ["email", "sms"], "template": "recordatorio-firme", "tone": "firm" },
            { "wait": "P7D", "channels": ["email", "sms"], "template": "aviso-formal", "tone": "formal" },
            { "wait": "P7D", "channels": ["email", "sms"], "template": "ultimo-aviso", "tone": "final" }
          ],
          "handoff": { "to": "legal", "wait": "P14D" },
          "promiseGrace": "P2D",
          "contactRules": { "hours": "08:00-20:00", "days": "Mon-Sat", "maxPer7Days": 3, "holidays": [] }
        }
        """;
}
