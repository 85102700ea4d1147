"""Build fixtures/taxonomy.json from the seed career guide (shared/seeds/000_714ae8fdc649a6e9.txt).

The data below is the curated reading of that guide; docs/taxonomy.md explains the choices.
Run `python scripts/build_taxonomy.py` after editing, and commit both files.
Targets are per level (entry, mid, senior); None means not required at that level.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "taxonomy.json"

LEVELS = [("entry", "Entry", 1), ("mid", "Mid", 2), ("senior", "Senior", 3)]
LEVEL_SLUGS = [slug for slug, _, _ in LEVELS]

CATEGORIES = [
    ("programming", "Programming languages and SQL"),
    ("ml", "ML algorithms and frameworks"),
    ("data", "Data management and preparation"),
    ("math", "Mathematics and statistics"),
    ("engineering", "Software engineering and system design"),
    ("mlops", "Deployment, MLOps and monitoring"),
    ("governance", "Security, ethics and governance"),
    ("industrial", "Industrial and operations engineering"),
    ("soft", "Soft skills and leadership"),
]

DEFAULT_SCALE = [
    (0, "None", "No knowledge or experience yet."),
    (1, "Awareness", "Knows what it is and when it matters; has not used it in practice."),
    (2, "Beginner", "Works with it with help: follows examples, needs review and guidance."),
    (3, "Competent", "Works alone on everyday tasks and gets reliable results."),
    (4, "Advanced", "Handles hard cases, guides others and reviews their work."),
    (5, "Expert", "Sets direction: designs the approach the organisation follows."),
]

# slug: (name, category, hours_per_point, prerequisites, description, resources)
# resource: (title, url, kind, hours, from_score, to_score, free)
SKILLS: dict[str, tuple] = {
    # --- Programming languages and SQL ---------------------------------------------
    "python": (
        "Python",
        "programming",
        25,
        [],
        "Idiomatic Python for ML systems: packaging, typing, testing, performance.",
        [
            ("The Python Tutorial", "https://docs.python.org/3/tutorial/", "docs", 20, 0, 3, True),
            (
                "Fluent Python, 2nd edition",
                "https://www.oreilly.com/library/view/fluent-python-2nd/9781492056348/",
                "book",
                45,
                3,
                5,
                False,
            ),
        ],
    ),
    "sql": (
        "SQL",
        "programming",
        15,
        [],
        "Querying and shaping data in relational databases: joins, aggregates, window functions.",
        [
            ("SQLBolt interactive lessons", "https://sqlbolt.com/", "course", 8, 0, 2, True),
            (
                "PostgreSQL tutorial (official docs)",
                "https://www.postgresql.org/docs/current/tutorial.html",
                "docs",
                15,
                1,
                4,
                True,
            ),
        ],
    ),
    "cpp": (
        "C++",
        "programming",
        35,
        [],
        "Modern C++ for performance-critical ML components and inference runtimes.",
        [("LearnCpp.com", "https://www.learncpp.com/", "course", 70, 0, 3, True)],
    ),
    "java": (
        "Java",
        "programming",
        25,
        [],
        "Java for JVM-based data platforms and enterprise integration.",
        [("Dev.java: Learn Java", "https://dev.java/learn/", "docs", 30, 0, 3, True)],
    ),
    "scala": (
        "Scala",
        "programming",
        25,
        [],
        "Scala for Spark jobs and JVM data pipelines.",
        [
            (
                "Tour of Scala",
                "https://docs.scala-lang.org/tour/tour-of-scala.html",
                "docs",
                15,
                0,
                2,
                True,
            )
        ],
    ),
    "javascript": (
        "JavaScript",
        "programming",
        20,
        [],
        "JavaScript and TypeScript for integration scripts, web hooks and dashboards.",
        [
            (
                "MDN JavaScript Guide",
                "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Guide",
                "docs",
                25,
                0,
                3,
                True,
            )
        ],
    ),
    "shell": (
        "Linux and shell scripting",
        "programming",
        12,
        [],
        "Working on Linux servers: the shell, processes, files, scripting and automation.",
        [
            (
                "The Linux Command Line (William Shotts)",
                "https://linuxcommand.org/tlcl.php",
                "book",
                25,
                0,
                3,
                True,
            )
        ],
    ),
    "git": (
        "Version control with Git",
        "programming",
        10,
        [],
        "Branching, merging, reviewing and keeping history clean with Git.",
        [("Pro Git", "https://git-scm.com/book/en/v2", "book", 15, 0, 4, True)],
    ),
    # --- ML algorithms and frameworks ------------------------------------------------
    "ml-fundamentals": (
        "Machine learning fundamentals",
        "ml",
        30,
        ["python", "probability-statistics"],
        "Supervised and unsupervised learning, bias and variance, choosing a model for a task.",
        [
            (
                "Google Machine Learning Crash Course",
                "https://developers.google.com/machine-learning/crash-course",
                "course",
                15,
                0,
                2,
                True,
            ),
            (
                "Machine Learning Specialization (DeepLearning.AI, Stanford)",
                "https://www.coursera.org/specializations/machine-learning-introduction",
                "course",
                90,
                1,
                4,
                False,
            ),
        ],
    ),
    "scikit-learn": (
        "scikit-learn",
        "ml",
        15,
        ["python", "ml-fundamentals"],
        "Classical ML with scikit-learn: pipelines, estimators, cross-validation.",
        [
            (
                "scikit-learn User Guide",
                "https://scikit-learn.org/stable/user_guide.html",
                "docs",
                25,
                0,
                4,
                True,
            )
        ],
    ),
    "deep-learning": (
        "Deep learning",
        "ml",
        35,
        ["linear-algebra", "calculus", "ml-fundamentals"],
        "Neural networks: architectures, training dynamics, regularisation, transfer learning.",
        [("Dive into Deep Learning", "https://d2l.ai/", "book", 80, 0, 4, True)],
    ),
    "pytorch": (
        "PyTorch",
        "ml",
        20,
        ["python", "deep-learning"],
        "Building, training and debugging models in PyTorch.",
        [("PyTorch Tutorials", "https://pytorch.org/tutorials/", "docs", 25, 0, 3, True)],
    ),
    "tensorflow": (
        "TensorFlow and Keras",
        "ml",
        20,
        ["python", "deep-learning"],
        "Building and serving models with TensorFlow and Keras.",
        [("TensorFlow Tutorials", "https://www.tensorflow.org/tutorials", "docs", 25, 0, 3, True)],
    ),
    "model-evaluation": (
        "Model evaluation and validation",
        "ml",
        20,
        ["ml-fundamentals", "probability-statistics"],
        "Metrics, validation schemes, leakage, and judging a model against the business goal.",
        [
            (
                "scikit-learn: Model selection and evaluation",
                "https://scikit-learn.org/stable/model_selection.html",
                "docs",
                12,
                0,
                3,
                True,
            )
        ],
    ),
    "feature-engineering": (
        "Feature engineering",
        "ml",
        20,
        ["data-cleaning"],
        "Extracting and selecting features that carry signal for a model.",
        [
            (
                "Feature Engineering and Selection (Kuhn & Johnson)",
                "https://bookdown.org/max/FES/",
                "book",
                30,
                1,
                4,
                True,
            )
        ],
    ),
    "hyperparameter-tuning": (
        "Hyperparameter optimisation",
        "ml",
        12,
        ["model-evaluation"],
        "Search strategies and budgets for tuning models without overfitting the validation set.",
        [
            (
                "Optuna tutorial",
                "https://optuna.readthedocs.io/en/stable/tutorial/index.html",
                "docs",
                8,
                0,
                3,
                True,
            )
        ],
    ),
    "reinforcement-learning": (
        "Reinforcement learning",
        "ml",
        35,
        ["ml-fundamentals", "probability-statistics"],
        "Agents, rewards and policies; when reinforcement learning fits a problem.",
        [
            (
                "Reinforcement Learning: An Introduction (Sutton & Barto)",
                "http://incompleteideas.net/book/the-book-2nd.html",
                "book",
                80,
                0,
                3,
                True,
            )
        ],
    ),
    "nlp": (
        "Natural language processing",
        "ml",
        30,
        ["deep-learning"],
        "Text models and transformers, from tokenisation to fine-tuning.",
        [
            (
                "Hugging Face LLM Course",
                "https://huggingface.co/learn/llm-course",
                "course",
                30,
                0,
                3,
                True,
            )
        ],
    ),
    "explainable-ai": (
        "Explainable AI",
        "ml",
        20,
        ["model-evaluation"],
        "Making model behaviour understandable: feature attributions, surrogates, counterfactuals.",
        [
            (
                "Interpretable Machine Learning (Christoph Molnar)",
                "https://christophm.github.io/interpretable-ml-book/",
                "book",
                25,
                0,
                4,
                True,
            )
        ],
    ),
    # --- Data management and preparation -----------------------------------------------
    "data-cleaning": (
        "Data cleaning and preprocessing",
        "data",
        15,
        ["python"],
        "Handling missing values, outliers, duplicates and inconsistent encodings.",
        [
            (
                "pandas: Getting started tutorials",
                "https://pandas.pydata.org/docs/getting_started/intro_tutorials/index.html",
                "docs",
                10,
                0,
                2,
                True,
            )
        ],
    ),
    "dataframes": (
        "Data manipulation with pandas and NumPy",
        "data",
        15,
        ["python"],
        "Reshaping, joining and aggregating tabular and array data efficiently.",
        [
            (
                "Python for Data Analysis, 3rd edition (Wes McKinney)",
                "https://wesmckinney.com/book/",
                "book",
                35,
                0,
                4,
                True,
            )
        ],
    ),
    "data-pipelines": (
        "Data pipelines and ETL",
        "data",
        25,
        ["sql", "python"],
        "Building scheduled, idempotent pipelines that move and transform data.",
        [
            (
                "Apache Airflow tutorial",
                "https://airflow.apache.org/docs/apache-airflow/stable/tutorial/index.html",
                "docs",
                12,
                0,
                3,
                True,
            ),
            (
                "Fundamentals of Data Engineering (Reis & Housley)",
                "https://www.oreilly.com/library/view/fundamentals-of-data/9781098108298/",
                "book",
                30,
                2,
                5,
                False,
            ),
        ],
    ),
    "data-quality": (
        "Data quality and validation",
        "data",
        15,
        ["data-cleaning"],
        "Checking data against rules before it reaches a model, and catching drift in inputs.",
        [
            (
                "Great Expectations documentation",
                "https://docs.greatexpectations.io/docs/",
                "docs",
                10,
                0,
                3,
                True,
            )
        ],
    ),
    "data-modeling": (
        "Data modelling and warehousing",
        "data",
        20,
        ["sql"],
        "Designing schemas, dimensional models and warehouses that serve analytics and ML.",
        [
            (
                "The Data Warehouse Toolkit (Kimball & Ross)",
                "https://www.kimballgroup.com/data-warehouse-business-intelligence-resources/books/data-warehouse-dw-toolkit/",
                "book",
                35,
                1,
                4,
                False,
            )
        ],
    ),
    "big-data": (
        "Distributed data processing (Spark)",
        "data",
        25,
        ["sql", "python"],
        "Processing data that does not fit on one machine with Spark and similar engines.",
        [
            (
                "Apache Spark quick start",
                "https://spark.apache.org/docs/latest/quick-start.html",
                "docs",
                10,
                0,
                2,
                True,
            )
        ],
    ),
    "data-visualization": (
        "Data visualisation",
        "data",
        12,
        ["dataframes"],
        "Charts that explain data and model results to technical and non-technical readers.",
        [
            (
                "Fundamentals of Data Visualization (Claus Wilke)",
                "https://clauswilke.com/dataviz/",
                "book",
                20,
                0,
                4,
                True,
            )
        ],
    ),
    # --- Mathematics and statistics ----------------------------------------------------
    "linear-algebra": (
        "Linear algebra",
        "math",
        30,
        [],
        "Vectors, matrices, decompositions: the language of ML models.",
        [
            (
                "MIT 18.06 Linear Algebra (Gilbert Strang)",
                "https://ocw.mit.edu/courses/18-06-linear-algebra-spring-2010/",
                "course",
                60,
                0,
                4,
                True,
            ),
            (
                "Mathematics for Machine Learning",
                "https://mml-book.github.io/",
                "book",
                40,
                1,
                4,
                True,
            ),
        ],
    ),
    "calculus": (
        "Calculus and gradients",
        "math",
        25,
        [],
        "Derivatives, the chain rule and gradients, as used by training algorithms.",
        [
            (
                "Essence of calculus (3Blue1Brown)",
                "https://www.3blue1brown.com/topics/calculus",
                "video",
                4,
                0,
                2,
                True,
            )
        ],
    ),
    "probability-statistics": (
        "Probability and statistics",
        "math",
        30,
        [],
        "Distributions, estimation, hypothesis tests and uncertainty.",
        [("OpenIntro Statistics", "https://www.openintro.org/book/os/", "book", 60, 0, 3, True)],
    ),
    "optimization": (
        "Numerical optimisation",
        "math",
        30,
        ["calculus", "linear-algebra"],
        "Convexity, gradient methods and constrained optimisation.",
        [
            (
                "Convex Optimization (Boyd & Vandenberghe)",
                "https://web.stanford.edu/~boyd/cvxbook/",
                "book",
                80,
                1,
                5,
                True,
            )
        ],
    ),
    "experiment-design": (
        "Experiment design and A/B testing",
        "math",
        20,
        ["probability-statistics"],
        "Designing online experiments, choosing metrics and reading results honestly.",
        [
            (
                "Trustworthy Online Controlled Experiments",
                "https://experimentguide.com/",
                "book",
                25,
                1,
                4,
                False,
            )
        ],
    ),
    # --- Software engineering and system design ------------------------------------------
    "algorithms": (
        "Data structures and algorithms",
        "engineering",
        25,
        ["python"],
        "Choosing data structures and algorithms, and reasoning about their cost.",
        [
            (
                "Open Data Structures (Pat Morin)",
                "https://opendatastructures.org/",
                "book",
                50,
                0,
                4,
                True,
            )
        ],
    ),
    "software-engineering": (
        "Software engineering practices",
        "engineering",
        20,
        ["git"],
        "Testing, code review, refactoring and maintainable code for ML systems.",
        [
            (
                "Software Engineering at Google",
                "https://abseil.io/resources/swe-book",
                "book",
                40,
                1,
                4,
                True,
            )
        ],
    ),
    "system-design": (
        "System design and architecture",
        "engineering",
        35,
        ["algorithms", "software-engineering"],
        "Architecting scalable, reliable systems and the ML infrastructure they run on.",
        [
            (
                "The System Design Primer",
                "https://github.com/donnemartin/system-design-primer",
                "docs",
                25,
                0,
                3,
                True,
            ),
            (
                "Designing Data-Intensive Applications (Martin Kleppmann)",
                "https://dataintensive.net/",
                "book",
                40,
                2,
                5,
                False,
            ),
        ],
    ),
    "distributed-systems": (
        "Distributed systems",
        "engineering",
        35,
        ["algorithms"],
        "Consistency, replication, partitioning and fault tolerance across machines.",
        [
            (
                "MIT 6.5840 Distributed Systems",
                "https://pdos.csail.mit.edu/6.824/",
                "course",
                80,
                1,
                4,
                True,
            )
        ],
    ),
    "computer-architecture": (
        "Computer architecture and performance",
        "engineering",
        30,
        ["cpp"],
        "CPUs, GPUs, memory hierarchies and profiling: why code is fast or slow.",
        [
            (
                "Computer Systems: A Programmer's Perspective",
                "https://csapp.cs.cmu.edu/",
                "book",
                70,
                0,
                4,
                False,
            )
        ],
    ),
    "apis": (
        "API design and integration",
        "engineering",
        20,
        ["python"],
        "Designing and consuming REST and gRPC APIs, versioning and error contracts.",
        [
            (
                "gRPC: Introduction",
                "https://grpc.io/docs/what-is-grpc/introduction/",
                "docs",
                6,
                0,
                2,
                True,
            ),
            (
                "Microsoft REST API Guidelines",
                "https://github.com/microsoft/api-guidelines",
                "docs",
                6,
                2,
                4,
                True,
            ),
        ],
    ),
    "agile": (
        "Agile and Scrum",
        "engineering",
        8,
        [],
        "Working in short iterations with Scrum or Kanban.",
        [("The Scrum Guide", "https://scrumguides.org/scrum-guide.html", "docs", 3, 0, 2, True)],
    ),
    "enterprise-systems": (
        "Enterprise information systems",
        "engineering",
        25,
        ["sql", "apis"],
        "ERP, CRM and data platforms: how business systems hold and exchange data.",
        [
            (
                "MIT 15.561 Information Technology Essentials",
                "https://ocw.mit.edu/courses/15-561-information-technology-essentials-spring-2005/",
                "course",
                40,
                0,
                3,
                True,
            )
        ],
    ),
    "integration-platforms": (
        "Integration platforms and middleware",
        "engineering",
        25,
        ["apis"],
        "Message queues, event streams, ESBs and iPaaS flows that connect systems.",
        [
            (
                "Enterprise Integration Patterns",
                "https://www.enterpriseintegrationpatterns.com/",
                "book",
                35,
                1,
                4,
                False,
            )
        ],
    ),
    "testing-troubleshooting": (
        "Integration testing and troubleshooting",
        "engineering",
        15,
        ["software-engineering"],
        "Testing components for compatibility and tracing failures across system boundaries.",
        [
            (
                "Google Testing Blog: Testing on the Toilet",
                "https://testing.googleblog.com/",
                "docs",
                10,
                1,
                3,
                True,
            )
        ],
    ),
    "technical-documentation": (
        "Technical documentation",
        "engineering",
        10,
        [],
        "Writing clear runbooks, integration guides and design documents.",
        [
            (
                "Google Technical Writing courses",
                "https://developers.google.com/tech-writing",
                "course",
                6,
                0,
                3,
                True,
            )
        ],
    ),
    # --- Deployment, MLOps and monitoring -------------------------------------------------
    "docker": (
        "Containerisation (Docker)",
        "mlops",
        15,
        ["shell"],
        "Packaging models and services into reproducible containers.",
        [("Docker: Get started", "https://docs.docker.com/get-started/", "docs", 8, 0, 3, True)],
    ),
    "kubernetes": (
        "Kubernetes and orchestration",
        "mlops",
        25,
        ["docker"],
        "Running and scaling containerised workloads on Kubernetes.",
        [
            (
                "Kubernetes Basics tutorial",
                "https://kubernetes.io/docs/tutorials/kubernetes-basics/",
                "docs",
                8,
                0,
                2,
                True,
            )
        ],
    ),
    "cloud-platforms": (
        "Cloud platforms (AWS, GCP, Azure)",
        "mlops",
        25,
        [],
        "Compute, storage, networking and managed ML services on a public cloud.",
        [
            (
                "Google Cloud Skills Boost",
                "https://www.cloudskillsboost.google/",
                "course",
                30,
                0,
                3,
                True,
            ),
            ("AWS Skill Builder", "https://skillbuilder.aws/", "course", 30, 0, 3, True),
        ],
    ),
    "model-deployment": (
        "Model deployment and serving",
        "mlops",
        25,
        ["apis", "docker"],
        "Putting models behind APIs or batch jobs with versioning, rollbacks and SLAs.",
        [
            (
                "Full Stack Deep Learning: Deployment",
                "https://fullstackdeeplearning.com/course/2022/lecture-5-deployment/",
                "video",
                3,
                0,
                3,
                True,
            ),
            (
                "Designing Machine Learning Systems (Chip Huyen)",
                "https://www.oreilly.com/library/view/designing-machine-learning-systems/9781098107956/",
                "book",
                30,
                2,
                5,
                False,
            ),
        ],
    ),
    "ml-pipelines": (
        "ML pipelines and orchestration",
        "mlops",
        25,
        ["data-pipelines", "docker"],
        "Automated training and deployment pipelines with tools such as Kubeflow or MLflow.",
        [
            (
                "MLflow documentation",
                "https://mlflow.org/docs/latest/index.html",
                "docs",
                12,
                0,
                3,
                True,
            )
        ],
    ),
    "model-monitoring": (
        "Model monitoring and observability",
        "mlops",
        20,
        ["model-deployment"],
        "Alerting on silent failures, data drift and gradual performance decay in production.",
        [
            (
                "Evidently AI: Open-source ML observability course",
                "https://www.evidentlyai.com/ml-observability-course",
                "course",
                20,
                0,
                4,
                True,
            )
        ],
    ),
    "ci-cd": (
        "CI/CD for ML",
        "mlops",
        15,
        ["git", "software-engineering"],
        "Continuous integration and delivery for code, data and models.",
        [
            (
                "GitHub Actions documentation",
                "https://docs.github.com/en/actions",
                "docs",
                8,
                0,
                3,
                True,
            )
        ],
    ),
    "experiment-tracking": (
        "Experiment tracking and reproducibility",
        "mlops",
        12,
        ["git"],
        "Versioning data and models and tracking configurations and hyperparameters.",
        [("DVC: Get started", "https://dvc.org/doc/start", "docs", 6, 0, 3, True)],
    ),
    "model-optimization": (
        "Model optimisation for inference",
        "mlops",
        30,
        ["deep-learning", "computer-architecture"],
        "Quantisation, pruning, batching and hardware-aware serving for speed and cost.",
        [
            (
                "PyTorch: Quantization",
                "https://pytorch.org/docs/stable/quantization.html",
                "docs",
                8,
                1,
                3,
                True,
            )
        ],
    ),
    # --- Security, ethics and governance ----------------------------------------------------
    "ml-security": (
        "Security and data protection",
        "governance",
        20,
        [],
        "Protecting sensitive data and models; attacks specific to ML systems.",
        [
            (
                "OWASP Machine Learning Security Top 10",
                "https://owasp.org/www-project-machine-learning-security-top-10/",
                "docs",
                6,
                0,
                3,
                True,
            )
        ],
    ),
    "ai-ethics": (
        "AI ethics and fairness",
        "governance",
        15,
        [],
        "Recognising and reducing bias and harm; fairness definitions and their trade-offs.",
        [
            (
                "Fairness and Machine Learning (Barocas, Hardt, Narayanan)",
                "https://fairmlbook.org/",
                "book",
                30,
                0,
                4,
                True,
            )
        ],
    ),
    "compliance": (
        "Regulation and compliance",
        "governance",
        15,
        [],
        "GDPR, the EU AI Act and sector rules as they apply to data and models.",
        [
            (
                "EU Artificial Intelligence Act explorer",
                "https://artificialintelligenceact.eu/",
                "docs",
                10,
                0,
                3,
                True,
            )
        ],
    ),
    "model-governance": (
        "Model governance and risk",
        "governance",
        15,
        ["model-evaluation"],
        "Documenting models (model cards), approvals, audits and risk management.",
        [
            (
                "Model Cards for Model Reporting (Mitchell et al.)",
                "https://arxiv.org/abs/1810.03993",
                "docs",
                2,
                0,
                2,
                True,
            )
        ],
    ),
    # --- Industrial and operations engineering ------------------------------------------------
    "process-optimization": (
        "Process optimisation",
        "industrial",
        25,
        ["probability-statistics"],
        "Analysing and improving processes for efficiency, quality and customer value.",
        [
            (
                "Lean Six Sigma Green Belt Body of Knowledge (ASQ)",
                "https://asq.org/cert/six-sigma-green-belt",
                "course",
                60,
                1,
                4,
                False,
            )
        ],
    ),
    "production-systems": (
        "Production systems design",
        "industrial",
        30,
        ["process-optimization"],
        "Designing integrated systems that manage industrial production: layout, flow and control.",
        [
            (
                "MIT 2.854 Introduction to Manufacturing Systems",
                "https://ocw.mit.edu/courses/2-854-introduction-to-manufacturing-systems-fall-2016/",
                "course",
                50,
                0,
                3,
                True,
            )
        ],
    ),
    "quality-management": (
        "Quality management",
        "industrial",
        20,
        ["probability-statistics"],
        "Quality control, statistical process control and reducing waste.",
        [
            (
                "NIST/SEMATECH e-Handbook of Statistical Methods",
                "https://www.itl.nist.gov/div898/handbook/",
                "docs",
                30,
                0,
                4,
                True,
            )
        ],
    ),
    "industrial-automation": (
        "Automation technologies",
        "industrial",
        25,
        ["production-systems"],
        "PLCs, robotics and sensors that automate industrial processes.",
        [
            (
                "Factory I/O and PLC programming basics (RealPars)",
                "https://www.realpars.com/courses",
                "course",
                20,
                0,
                2,
                False,
            )
        ],
    ),
    "operations-planning": (
        "Production planning and control",
        "industrial",
        20,
        ["process-optimization"],
        "Coordinating people and machines, scheduling, inventory and capacity planning.",
        [
            (
                "MIT 15.760 Operations Management",
                "https://ocw.mit.edu/courses/15-760b-introduction-to-operations-management-spring-2004/",
                "course",
                40,
                0,
                3,
                True,
            )
        ],
    ),
    "financial-planning": (
        "Engineering economics and budgeting",
        "industrial",
        15,
        [],
        "Cost models, business cases and budgets for engineering projects.",
        [
            (
                "Engineering Economy (Sullivan, Wicks, Koelling)",
                "https://www.pearson.com/en-us/subject-catalog/p/engineering-economy/P200000003339",
                "book",
                40,
                0,
                3,
                False,
            )
        ],
    ),
    "engineering-licensure": (
        "Professional engineering licensure",
        "industrial",
        40,
        [],
        "Preparing for the FE and PE exams in industrial and systems engineering.",
        [
            (
                "NCEES PE Industrial and Systems exam",
                "https://ncees.org/engineering/pe/industrial-systems/",
                "docs",
                80,
                0,
                4,
                False,
            )
        ],
    ),
    # --- Soft skills and leadership ---------------------------------------------------------------
    "communication": (
        "Communication",
        "soft",
        15,
        [],
        "Explaining complex models and systems to technical and non-technical audiences.",
        [
            (
                "Google Technical Writing courses",
                "https://developers.google.com/tech-writing",
                "course",
                6,
                0,
                3,
                True,
            )
        ],
    ),
    "teamwork": (
        "Teamwork and collaboration",
        "soft",
        12,
        [],
        "Working across data science, engineering and product with respect for others' work.",
        [
            (
                "Google re:Work: Understand team effectiveness",
                "https://rework.withgoogle.com/guides/understanding-team-effectiveness/",
                "docs",
                2,
                0,
                3,
                True,
            )
        ],
    ),
    "problem-solving": (
        "Problem-solving and analytical thinking",
        "soft",
        20,
        [],
        "Breaking down ambiguous problems and reasoning to sound solutions.",
        [
            (
                "How to Solve It (George Pólya)",
                "https://press.princeton.edu/books/paperback/9780691164076/how-to-solve-it",
                "book",
                10,
                1,
                4,
                False,
            )
        ],
    ),
    "time-management": (
        "Time management and organisation",
        "soft",
        10,
        [],
        "Planning work, setting priorities and meeting deadlines across parallel demands.",
        [
            (
                "Getting Things Done (David Allen)",
                "https://gettingthingsdone.com/",
                "book",
                10,
                0,
                3,
                False,
            )
        ],
    ),
    "continuous-learning": (
        "Adaptability and continuous learning",
        "soft",
        10,
        [],
        "Keeping up with a fast-moving field and adjusting the approach as facts change.",
        [
            (
                "Learning How to Learn (Coursera)",
                "https://www.coursera.org/learn/learning-how-to-learn",
                "course",
                15,
                0,
                3,
                True,
            )
        ],
    ),
    "mentoring": (
        "Mentoring",
        "soft",
        15,
        ["communication"],
        "Growing junior team members through feedback, pairing and review.",
        [
            (
                "The Manager's Path (Camille Fournier)",
                "https://www.oreilly.com/library/view/the-managers-path/9781491973882/",
                "book",
                10,
                1,
                4,
                False,
            )
        ],
    ),
    "project-management": (
        "Project management",
        "soft",
        20,
        ["time-management"],
        "Scoping, planning and steering projects and the people and resources in them.",
        [
            (
                "Google Project Management Certificate",
                "https://www.coursera.org/professional-certificates/google-project-management",
                "course",
                140,
                0,
                3,
                False,
            )
        ],
    ),
    "strategic-thinking": (
        "Strategic thinking and leadership",
        "soft",
        25,
        ["communication"],
        "Setting technical strategy aligned with business goals and leading its execution.",
        [
            (
                "Staff Engineer: Leadership beyond the management track",
                "https://staffeng.com/book",
                "book",
                10,
                2,
                5,
                False,
            )
        ],
    ),
    "stakeholder-management": (
        "Stakeholder management",
        "soft",
        15,
        ["communication"],
        "Turning business needs into technical requirements and keeping stakeholders aligned.",
        [
            (
                "Designing Machine Learning Systems, ch. 2 (Chip Huyen)",
                "https://www.oreilly.com/library/view/designing-machine-learning-systems/9781098107956/",
                "book",
                4,
                0,
                3,
                False,
            )
        ],
    ),
    "public-speaking": (
        "Public speaking and presentation",
        "soft",
        12,
        ["communication"],
        "Presenting technical work clearly to diverse audiences.",
        [
            (
                "Toastmasters Pathways",
                "https://www.toastmasters.org/pathways-overview",
                "course",
                30,
                0,
                4,
                False,
            )
        ],
    ),
}

# Per-skill wording for scores where the default scale is too vague.
SKILL_DESCRIPTORS = {
    "python": [
        (1, "Awareness", "Has read Python code and run a script someone else wrote."),
        (3, "Competent", "Writes tested, typed Python packages on their own."),
        (5, "Expert", "Sets the team's Python standards; optimises interpreters and extensions."),
    ],
    "system-design": [
        (3, "Competent", "Designs a service end to end with sensible trade-offs."),
        (5, "Expert", "Defines the organisation's ML platform architecture."),
    ],
}

# career slug: (name, summary, description, levels, requirements)
# levels: level slug -> (years_min, years_max, salary_min, salary_max, description)
# requirement: skill slug -> ((entry, mid, senior) targets, weight, must-have level slugs)
R = dict  # readability below
CAREERS = {
    "systems-ml-engineer": (
        "Systems ML Engineer",
        "Designs, builds and runs the systems that take ML models from data to production at scale.",
        "Systems ML Engineers specialise in the architectural and systemic side of machine learning: "
        "scalable, efficient ML infrastructure and the seamless integration of models into larger "
        "software ecosystems. They bridge data scientists and software engineers and own the "
        "pipeline from data collection to deployment and monitoring.",
        {
            "entry": (
                0,
                1,
                96000,
                132000,
                "Develops and implements ML models, preprocesses data and assists with model deployment. "
                "A bachelor's degree in computer science, data science or mathematics is the usual start.",
            ),
            "mid": (
                1,
                4,
                112962,
                144000,
                "Works independently on complex problems: designs and implements sophisticated ML systems, "
                "optimises pipelines for scale and performance, leads small to medium projects and mentors juniors.",
            ),
            "senior": (
                5,
                9,
                143641,
                177177,
                "Principal, Staff ML Engineer or Director of ML: sets ML strategy aligned with business goals, "
                "leads large-scale projects and partnerships, owns the architecture of ML infrastructure. "
                "The guide puts leadership roles at 7–10+ years; the salary table's senior band is 5–9 years.",
            ),
        },
        R(
            {
                "python": ((3, 4, 5), 5, "ems"),
                "sql": ((3, 3, 4), 4, "e"),
                "cpp": ((1, 2, 3), 3, ""),
                "java": ((1, 2, 2), 2, ""),
                "scala": ((None, 1, 2), 1, ""),
                "shell": ((2, 3, 3), 2, ""),
                "git": ((2, 3, 4), 3, "e"),
                "ml-fundamentals": ((3, 4, 5), 5, "ems"),
                "scikit-learn": ((3, 4, 4), 3, ""),
                "deep-learning": ((2, 3, 4), 4, "m"),
                "pytorch": ((2, 3, 4), 4, ""),
                "tensorflow": ((1, 2, 3), 2, ""),
                "model-evaluation": ((3, 4, 4), 4, "m"),
                "feature-engineering": ((2, 3, 4), 3, ""),
                "hyperparameter-tuning": ((2, 3, 3), 2, ""),
                "reinforcement-learning": ((None, 1, 2), 1, ""),
                "nlp": ((1, 2, 3), 2, ""),
                "explainable-ai": ((None, 2, 3), 2, ""),
                "data-cleaning": ((3, 4, 4), 4, "e"),
                "dataframes": ((3, 4, 4), 4, ""),
                "data-pipelines": ((2, 3, 4), 4, ""),
                "data-quality": ((2, 3, 4), 3, ""),
                "data-modeling": ((2, 3, 4), 3, ""),
                "big-data": ((1, 2, 3), 3, ""),
                "data-visualization": ((2, 3, 3), 2, ""),
                "linear-algebra": ((2, 3, 4), 4, ""),
                "calculus": ((2, 3, 3), 3, ""),
                "probability-statistics": ((3, 3, 4), 5, "ems"),
                "optimization": ((None, 2, 3), 2, ""),
                "experiment-design": ((1, 2, 3), 3, ""),
                "algorithms": ((3, 3, 4), 4, "e"),
                "software-engineering": ((2, 3, 4), 4, "m"),
                "system-design": ((1, 3, 5), 5, "ms"),
                "distributed-systems": ((1, 2, 4), 4, "s"),
                "computer-architecture": ((1, 2, 3), 3, ""),
                "apis": ((2, 3, 4), 3, ""),
                "agile": ((1, 2, 2), 1, ""),
                "docker": ((2, 3, 4), 4, ""),
                "kubernetes": ((1, 2, 4), 3, ""),
                "cloud-platforms": ((2, 3, 4), 4, ""),
                "model-deployment": ((2, 3, 5), 5, "ms"),
                "ml-pipelines": ((1, 3, 4), 4, ""),
                "model-monitoring": ((1, 3, 4), 4, "s"),
                "ci-cd": ((2, 3, 4), 3, ""),
                "experiment-tracking": ((2, 3, 4), 3, ""),
                "model-optimization": ((1, 2, 4), 3, ""),
                "ml-security": ((1, 2, 3), 3, ""),
                "ai-ethics": ((1, 2, 3), 3, ""),
                "compliance": ((None, 1, 3), 2, ""),
                "model-governance": ((None, 2, 3), 2, ""),
                "communication": ((2, 3, 4), 4, "s"),
                "teamwork": ((3, 3, 4), 3, ""),
                "problem-solving": ((3, 4, 4), 4, "e"),
                "time-management": ((2, 3, 3), 2, ""),
                "continuous-learning": ((2, 3, 3), 2, ""),
                "mentoring": ((None, 2, 4), 3, "s"),
                "project-management": ((None, 2, 4), 4, "s"),
                "strategic-thinking": ((None, 1, 4), 4, "s"),
                "stakeholder-management": ((1, 2, 4), 3, ""),
                "public-speaking": ((1, 2, 3), 2, ""),
            }
        ),
    ),
    "information-systems-ml-engineer": (
        "Information Systems ML Engineer",
        "Builds ML systems that plug into an organisation's information systems and business processes.",
        "Information Systems ML Engineers design, deploy and maintain ML systems inside enterprise "
        "information systems. They translate algorithms into practical applications that meet business "
        "requirements, working with data scientists, developers and business stakeholders. The guide gives "
        "no levels or pay for this role: the levels follow the ML engineer ladder, without salary bands.",
        {
            "entry": (
                0,
                2,
                None,
                None,
                "Builds and deploys models under guidance; prepares data from business systems.",
            ),
            "mid": (2, 5, None, None, "Owns ML features end to end inside enterprise systems."),
            "senior": (
                5,
                None,
                None,
                None,
                "Aligns ML systems with business objectives across the organisation.",
            ),
        },
        R(
            {
                "python": ((3, 4, 4), 5, "ems"),
                "sql": ((3, 4, 4), 4, "em"),
                "java": ((1, 2, 3), 3, ""),
                "cpp": ((1, 1, 2), 1, ""),
                "ml-fundamentals": ((3, 4, 4), 5, "ems"),
                "scikit-learn": ((2, 3, 4), 3, ""),
                "data-cleaning": ((3, 3, 4), 4, "e"),
                "data-modeling": ((2, 3, 4), 4, ""),
                "cloud-platforms": ((2, 3, 4), 3, ""),
                "model-deployment": ((2, 3, 4), 4, "m"),
                "software-engineering": ((2, 3, 4), 4, ""),
                "probability-statistics": ((3, 3, 4), 4, "e"),
                "linear-algebra": ((2, 3, 3), 3, ""),
                "enterprise-systems": ((2, 3, 4), 4, "s"),
                "communication": ((2, 3, 4), 3, ""),
                "teamwork": ((3, 3, 4), 3, ""),
                "stakeholder-management": ((1, 3, 4), 3, "s"),
            }
        ),
    ),
    "integration-solutions-engineer": (
        "Integration Solutions Engineer",
        "Makes hardware, software and IT systems work together through APIs, platforms and protocols.",
        "Integration Solutions Engineers integrate systems so they collaborate efficiently: they design and "
        "implement integration flows, test components for compatibility, document processes and are the "
        "client's point of contact for integration questions. The guide names entry (0–2 years) and senior "
        "(5–12 years) roles and one salary range, $55,000–$118,000, for the whole career.",
        {
            "entry": (
                0,
                2,
                55000,
                118000,
                "Builds and tests integration flows under guidance; supports installations.",
            ),
            "senior": (
                5,
                12,
                55000,
                118000,
                "Designs integration architecture, leads client engagements and projects.",
            ),
        },
        R(
            {
                "python": ((2, None, 4), 4, "e"),
                "javascript": ((2, None, 3), 3, ""),
                "sql": ((2, None, 3), 3, ""),
                "apis": ((3, None, 5), 5, "es"),
                "integration-platforms": ((2, None, 4), 5, "s"),
                "enterprise-systems": ((1, None, 4), 3, ""),
                "system-design": ((1, None, 4), 4, "s"),
                "software-engineering": ((2, None, 4), 3, ""),
                "testing-troubleshooting": ((3, None, 4), 4, "e"),
                "technical-documentation": ((2, None, 4), 3, ""),
                "cloud-platforms": ((1, None, 3), 3, ""),
                "communication": ((3, None, 4), 4, "e"),
                "problem-solving": ((3, None, 4), 4, ""),
                "project-management": ((1, None, 3), 3, ""),
                "stakeholder-management": ((2, None, 4), 3, ""),
            }
        ),
    ),
    "junior-ai-developer": (
        "Junior AI Developer",
        "An entry-level role building, testing and deploying AI and ML models alongside senior engineers.",
        "Junior AI Developers assist in developing, testing and deploying AI models, preprocess and explore "
        "data, take part in code reviews and keep up with AI developments. The guide describes only this "
        "entry level; it leads on to mid-level, senior and lead AI engineer.",
        {
            "entry": (
                0,
                2,
                None,
                None,
                "Assists on AI projects with senior team members; grows towards AI Engineer.",
            )
        },
        R(
            {
                "python": ((3, None, None), 5, "e"),
                "ml-fundamentals": ((2, None, None), 5, "e"),
                "scikit-learn": ((2, None, None), 3, ""),
                "pytorch": ((1, None, None), 2, ""),
                "data-cleaning": ((3, None, None), 4, "e"),
                "dataframes": ((3, None, None), 4, ""),
                "data-visualization": ((2, None, None), 3, ""),
                "probability-statistics": ((2, None, None), 4, ""),
                "linear-algebra": ((2, None, None), 3, ""),
                "git": ((2, None, None), 3, "e"),
                "software-engineering": ((2, None, None), 3, ""),
                "problem-solving": ((3, None, None), 4, ""),
                "communication": ((2, None, None), 3, ""),
                "continuous-learning": ((3, None, None), 3, ""),
            }
        ),
    ),
    "industrial-engineering-lead": (
        "Industrial Engineering Lead",
        "Leads process optimisation, production system design and quality across industrial operations.",
        "Industrial Engineering Leads optimise processes, design integrated production systems, plan "
        "projects and budgets, enforce quality and communicate across departments. The guide's path starts "
        "as Project Engineer (entry), grows to Senior Project Engineer (mid) and leads as Project Manager "
        "or Lead (senior). It gives no pay figures for this role.",
        {
            "entry": (
                0,
                3,
                None,
                None,
                "Project Engineer: analyses and improves processes on assigned projects.",
            ),
            "mid": (
                3,
                7,
                None,
                None,
                "Senior Project Engineer: owns process and system designs end to end.",
            ),
            "senior": (
                7,
                None,
                None,
                None,
                "Lead or Project Manager: oversees engineers, budgets and strategy.",
            ),
        },
        R(
            {
                "process-optimization": ((3, 4, 5), 5, "ems"),
                "production-systems": ((2, 3, 4), 4, ""),
                "quality-management": ((2, 3, 4), 4, "m"),
                "industrial-automation": ((1, 2, 3), 3, ""),
                "operations-planning": ((2, 3, 4), 4, ""),
                "financial-planning": ((1, 2, 4), 3, "s"),
                "engineering-licensure": ((None, 1, 3), 1, ""),
                "probability-statistics": ((3, 3, 4), 4, "e"),
                "data-visualization": ((2, 3, 3), 2, ""),
                "project-management": ((2, 3, 5), 5, "s"),
                "problem-solving": ((3, 4, 4), 4, ""),
                "communication": ((2, 3, 4), 4, ""),
                "teamwork": ((3, 3, 4), 3, ""),
                "mentoring": ((None, 2, 4), 3, "s"),
                "strategic-thinking": ((None, 2, 4), 4, ""),
                "stakeholder-management": ((1, 3, 4), 3, ""),
            }
        ),
    ),
}


def build() -> list[dict]:
    out: list[dict] = []
    add = lambda model, **fields: out.append({"model": f"careers.{model}", "fields": fields})  # noqa: E731
    for slug, name, rank in LEVELS:
        add("level", name=name, slug=slug, rank=rank)
    for order, (slug, name) in enumerate(CATEGORIES, start=1):
        add("skillcategory", name=name, slug=slug, order=order)
    for slug, (name, category, hpp, prereqs, description, _) in SKILLS.items():
        add(
            "skill",
            name=name,
            slug=slug,
            category=[category],
            description=description,
            hours_per_point=hpp,
            prerequisites=[[p] for p in prereqs],
            onet_id="",
            esco_uri="",
            sfia_code="",
        )
    for score, label, text in DEFAULT_SCALE:
        add("descriptor", skill=None, score=score, label=label, text=text)
    for skill, rows in SKILL_DESCRIPTORS.items():
        for score, label, text in rows:
            add("descriptor", skill=[skill], score=score, label=label, text=text)
    for slug, (_, _, _, _, _, resources) in SKILLS.items():
        for title, url, kind, hours, lo, hi, free in resources:
            add(
                "resource",
                skill=[slug],
                title=title,
                url=url,
                kind=kind,
                hours=hours,
                from_score=lo,
                to_score=hi,
                is_free=free,
            )
    for cslug, (name, summary, description, levels, requirements) in CAREERS.items():
        add("career", name=name, slug=cslug, summary=summary, description=description)
        for lslug, (ymin, ymax, smin, smax, ldesc) in levels.items():
            add(
                "careerlevel",
                career=[cslug],
                level=[lslug],
                years_min=ymin,
                years_max=ymax,
                salary_min=smin,
                salary_max=smax,
                currency="USD",
                description=ldesc,
            )
        for skill, (targets, weight, musts) in requirements.items():
            assert skill in SKILLS, skill
            for lslug, target in zip(LEVEL_SLUGS, targets, strict=True):
                if target is None:
                    continue
                assert lslug in levels, (cslug, skill, lslug)
                add(
                    "requirement",
                    career=[cslug],
                    skill=[skill],
                    level=[lslug],
                    target=target,
                    weight=weight,
                    must_have=lslug[0] in musts,
                )
    return out


if __name__ == "__main__":
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
