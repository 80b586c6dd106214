/** Severity levels, lowest first, as Defender custom detections and Sigma name them. */
export const severities = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export const confidences = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof confidences)[number];

/** ATT&CK mapping of one DetectionCategory value that the query returns. */
export interface CategoryMapping {
  subtechnique?: string;
  name?: string;
  related?: string[];
}

/** A detection rule: a KQL query plus the metadata that explains and routes its alerts. */
export interface Rule {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  confidence: Confidence;
  attack: {
    technique: string;
    /** Sub-technique when the whole rule maps to one. */
    subtechnique?: string;
    /** Mapping per DetectionCategory value, when the query returns that column. */
    categories: Record<string, CategoryMapping>;
  };
  tables: string[];
  dataSources: string[];
  falsePositives: string[];
  references: string[];
  /** Steps an analyst takes to triage an alert, in order, with the pivot queries to run. */
  investigationGuide: string[];
  /** Containment and recovery steps, in order, including when to isolate the device. */
  responsePlaybook: string[];
  /**
   * True when the rule is meant to run as a near-real-time ("Continuous (NRT)") Defender custom
   * detection, which restricts the query (no comments, joins or unions).
   */
  nrt: boolean;
  /** The KQL text, exactly as in the rule file. */
  query: string;
  queryPath: string;
  /** The metadata file, or undefined for a bare .kql file. */
  metadataPath?: string;
  /** Fields of the metadata file that this version does not interpret, kept for tools that do. */
  extra: Record<string, unknown>;
}
