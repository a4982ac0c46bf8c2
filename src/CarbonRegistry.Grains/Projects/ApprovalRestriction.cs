namespace CarbonRegistry.Grains.Projects;

/// <summary>
/// What a region of a project's site imposes on the approval that would complete a joint review
/// round (policy.md section 4): a freeze (early-warning level 1, or a published grade with that
/// consequence) refuses it; a grade with the consequence "conditional" lets it through only with
/// the conditions it is given on.
/// </summary>
/// <param name="Frozen">Frozen, or conditional approvals only.</param>
/// <param name="Why">Which region and why, for the error and the log.</param>
public sealed record ApprovalRestriction(bool Frozen, string Why)
{
    /// <summary>Approvals are frozen.</summary>
    public static ApprovalRestriction Freeze(string why) => new(true, why);

    /// <summary>Conditional approvals only.</summary>
    public static ApprovalRestriction ConditionalOnly(string why) => new(false, why);
}
