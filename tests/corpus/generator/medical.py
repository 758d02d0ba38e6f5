"""Clinical vocabulary for the corpus: conditions with their real ICD-10-CM codes and the short
forms people write, drugs with doses, procedures and lab results."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Condition:
    """A diagnosis: ICD-10-CM code, the clinical description and what people write."""

    code: str
    description: str
    lay: tuple[str, ...]
    drugs: tuple[str, ...]


CONDITIONS = (
    Condition("E11.9", "Type 2 diabetes mellitus without complications", ("type 2 diabetes", "T2DM", "diabetes"), ("metformin 1000 mg twice daily", "Ozempic 0.5 mg weekly", "Jardiance 10 mg daily")),
    Condition("I10", "Essential (primary) hypertension", ("hypertension", "high blood pressure", "HTN"), ("lisinopril 20 mg daily", "amlodipine 5 mg daily", "losartan 50 mg")),
    Condition("J45.909", "Unspecified asthma, uncomplicated", ("asthma",), ("albuterol inhaler as needed", "Symbicort 160/4.5 two puffs BID", "montelukast 10 mg")),
    Condition("F32.9", "Major depressive disorder, single episode, unspecified", ("depression", "major depressive disorder", "MDD"), ("sertraline 50 mg", "escitalopram 10 mg", "bupropion XL 150 mg")),
    Condition("F41.1", "Generalized anxiety disorder", ("generalized anxiety disorder", "anxiety", "GAD"), ("buspirone 10 mg BID", "hydroxyzine 25 mg PRN", "sertraline 100 mg")),
    Condition("C50.911", "Malignant neoplasm of unspecified site of right female breast", ("breast cancer", "right breast carcinoma"), ("tamoxifen 20 mg daily", "letrozole 2.5 mg", "AC-T chemotherapy")),
    Condition("N18.30", "Chronic kidney disease, stage 3 unspecified", ("CKD stage 3", "chronic kidney disease"), ("furosemide 40 mg", "sodium bicarbonate 650 mg", "losartan 25 mg")),
    Condition("I48.91", "Unspecified atrial fibrillation", ("atrial fibrillation", "AFib", "a-fib"), ("apixaban 5 mg BID", "Eliquis 5 mg twice a day", "metoprolol succinate 50 mg", "warfarin 5 mg")),
    Condition("J44.9", "Chronic obstructive pulmonary disease, unspecified", ("COPD", "chronic obstructive pulmonary disease", "emphysema"), ("tiotropium (Spiriva) daily", "prednisone 40 mg taper", "Trelegy Ellipta")),
    Condition("G40.909", "Epilepsy, unspecified, not intractable", ("epilepsy", "seizure disorder"), ("levetiracetam 500 mg BID", "Keppra 750 mg", "lamotrigine 100 mg")),
    Condition("B20", "Human immunodeficiency virus [HIV] disease", ("HIV", "HIV infection"), ("Biktarvy one tablet daily", "Descovy", "dolutegravir 50 mg")),
    Condition("F10.20", "Alcohol dependence, uncomplicated", ("alcohol use disorder", "alcohol dependence"), ("naltrexone 50 mg daily", "acamprosate 666 mg TID")),
    Condition("F11.20", "Opioid dependence, uncomplicated", ("opioid use disorder", "OUD"), ("buprenorphine-naloxone 8-2 mg", "Suboxone 8 mg film", "methadone 60 mg")),
    Condition("O24.419", "Gestational diabetes mellitus in pregnancy, unspecified control", ("gestational diabetes", "GDM"), ("insulin NPH 10 units at bedtime", "metformin 500 mg")),
    Condition("K50.90", "Crohn's disease, unspecified, without complications", ("Crohn's disease", "Crohn's"), ("adalimumab (Humira) 40 mg every other week", "infliximab infusion", "budesonide 9 mg")),
    Condition("G35", "Multiple sclerosis", ("multiple sclerosis", "MS", "relapsing-remitting MS"), ("Ocrevus infusion", "dimethyl fumarate 240 mg BID", "glatiramer 40 mg")),
    Condition("C34.90", "Malignant neoplasm of unspecified part of unspecified bronchus or lung", ("lung cancer", "non-small cell lung cancer", "NSCLC"), ("carboplatin/pemetrexed", "Keytruda 200 mg q3w", "osimertinib 80 mg")),
    Condition("I50.9", "Heart failure, unspecified", ("heart failure", "CHF", "congestive heart failure"), ("Entresto 49/51 mg BID", "carvedilol 12.5 mg", "spironolactone 25 mg")),
    Condition("E03.9", "Hypothyroidism, unspecified", ("hypothyroidism", "underactive thyroid"), ("levothyroxine 75 mcg", "Synthroid 100 mcg daily")),
    Condition("F31.9", "Bipolar disorder, unspecified", ("bipolar disorder", "bipolar I"), ("lithium carbonate 300 mg TID", "quetiapine 200 mg at bedtime", "lamotrigine 200 mg")),
    Condition("G30.9", "Alzheimer's disease, unspecified", ("Alzheimer's disease", "dementia", "Alzheimer's"), ("donepezil 10 mg", "memantine 10 mg BID")),
    Condition("M17.11", "Unilateral primary osteoarthritis, right knee", ("osteoarthritis of the right knee", "right knee OA"), ("meloxicam 15 mg", "celecoxib 200 mg", "tramadol 50 mg PRN")),
    Condition("J18.9", "Pneumonia, unspecified organism", ("pneumonia", "community-acquired pneumonia"), ("azithromycin 500 mg", "ceftriaxone 1 g IV", "levofloxacin 750 mg")),
    Condition("F90.0", "Attention-deficit hyperactivity disorder, predominantly inattentive type", ("ADHD",), ("methylphenidate ER 36 mg", "Adderall XR 20 mg", "atomoxetine 40 mg")),
    Condition("F43.10", "Post-traumatic stress disorder, unspecified", ("PTSD", "post-traumatic stress disorder"), ("prazosin 2 mg at bedtime", "sertraline 150 mg")),
    Condition("C61", "Malignant neoplasm of prostate", ("prostate cancer", "prostate adenocarcinoma"), ("leuprolide (Lupron) 22.5 mg", "enzalutamide 160 mg", "bicalutamide 50 mg")),
    Condition("I25.10", "Atherosclerotic heart disease of native coronary artery without angina pectoris", ("coronary artery disease", "CAD"), ("atorvastatin 80 mg", "clopidogrel 75 mg", "aspirin 81 mg")),
    Condition("E10.9", "Type 1 diabetes mellitus without complications", ("type 1 diabetes", "T1D"), ("insulin glargine 22 units nightly", "Humalog sliding scale", "insulin lispro")),
    Condition("D50.9", "Iron deficiency anemia, unspecified", ("iron deficiency anemia", "anemia"), ("ferrous sulfate 325 mg", "IV iron (Venofer)")),
    Condition("K21.9", "Gastro-esophageal reflux disease without esophagitis", ("GERD", "acid reflux"), ("omeprazole 20 mg", "pantoprazole 40 mg")),
    Condition("M32.9", "Systemic lupus erythematosus, unspecified", ("lupus", "SLE"), ("hydroxychloroquine 200 mg BID", "Benlysta infusion")),
    Condition("L40.0", "Psoriasis vulgaris", ("psoriasis", "plaque psoriasis"), ("Otezla 30 mg BID", "Skyrizi injection", "clobetasol cream")),
    Condition("F20.9", "Schizophrenia, unspecified", ("schizophrenia",), ("risperidone 2 mg", "Invega Sustenna injection", "clozapine 200 mg")),
    Condition("U07.1", "COVID-19", ("COVID-19", "COVID"), ("Paxlovid", "dexamethasone 6 mg")),
    Condition("S72.001A", "Fracture of unspecified part of neck of right femur, initial encounter", ("right hip fracture", "femoral neck fracture"), ("enoxaparin 40 mg daily", "oxycodone 5 mg q6h PRN")),
    Condition("Z34.90", "Encounter for supervision of normal pregnancy, unspecified", ("pregnancy", "prenatal care"), ("prenatal vitamins", "folic acid 1 mg")),
)  # fmt: skip

PROCEDURES = (
    "colonoscopy", "MRI of the lumbar spine", "total knee arthroplasty", "cardiac catheterization",
    "CT of the chest with contrast", "diagnostic mammogram", "transthoracic echocardiogram",
    "chemotherapy infusion", "hemodialysis", "laparoscopic cholecystectomy", "cataract surgery",
    "upper endoscopy (EGD)", "core needle biopsy", "sleep study", "lumbar spinal fusion",
    "cesarean section", "pulmonary function testing", "stress test", "bone density scan (DEXA)",
    "PET/CT", "carpal tunnel release", "bronchoscopy", "skin biopsy", "Holter monitor placement",
)  # fmt: skip

#: (test, value, unit, flag) tuples; the value is a format string filled with a random number.
LABS = (
    ("HbA1c", (6.8, 11.5), "%", "H"), ("LDL cholesterol", (131, 210), "mg/dL", "H"),
    ("eGFR", (22, 58), "mL/min/1.73m2", "L"), ("TSH", (5.2, 14.0), "mIU/L", "H"),
    ("PSA", (4.6, 18.0), "ng/mL", "H"), ("Hemoglobin", (7.9, 10.9), "g/dL", "L"),
    ("Creatinine", (1.4, 3.2), "mg/dL", "H"), ("Potassium", (5.2, 6.1), "mmol/L", "H"),
    ("INR", (2.9, 4.8), "", "H"), ("WBC", (11.5, 19.0), "K/uL", "H"),
    ("Ferritin", (3, 11), "ng/mL", "L"), ("ALT", (58, 140), "U/L", "H"),
    ("Vitamin D, 25-OH", (8, 18), "ng/mL", "L"), ("Troponin I", (0.06, 0.9), "ng/mL", "H"),
)  # fmt: skip

SPECIALTIES = (
    ("oncology", "Northside Oncology"), ("cardiology", "Cedar Valley Cardiology"),
    ("behavioral health", "Pinecrest Behavioral Health"), ("orthopedics", "Summit Orthopedic Associates"),
    ("endocrinology", "Mercy West Endocrine Clinic"), ("nephrology", "Mercy West Kidney Center"),
    ("gastroenterology", "Mercy West GI Associates"), ("neurology", "Mercy West Neurology"),
)  # fmt: skip


def condition(rng: random.Random) -> Condition:
    """A random condition."""
    return rng.choice(CONDITIONS)


def lay(rng: random.Random, cond: Condition) -> str:
    """One of the ways people write this condition."""
    return rng.choice(cond.lay)


def drug(rng: random.Random, cond: Condition) -> str:
    """A drug and dose used for this condition."""
    return rng.choice(cond.drugs)


def lab(rng: random.Random) -> tuple[str, str, str, str]:
    """``(test, value, unit, flag)`` of an abnormal lab result."""
    name, (low, high), unit, flag = rng.choice(LABS)
    value = rng.uniform(low, high)
    text = f"{value:.1f}" if high < 50 else f"{round(value)}"
    if high < 1:
        text = f"{value:.2f}"
    return name, text, unit, flag
